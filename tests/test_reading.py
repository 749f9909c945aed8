from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcmp.config import InputSettings
from claimcmp.errors import InputError
from claimcmp.input.formats import guess_title
from claimcmp.input.reading import collect_paths, read_document, read_documents

SETTINGS = InputSettings()


def test_folder_is_read_recursively_in_sorted_order_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ["b/2.txt", "a.md", "c.txt", ".hidden.txt", ".git/x.txt", "notes.odt", "d.exe"]:
        (tmp_path / name).write_text("Текст статьи.", encoding="utf-8")
    names = [p.relative_to(tmp_path).as_posix() for p in collect_paths([tmp_path], SETTINGS)]
    assert names == ["a.md", "b/2.txt", "c.txt"]


def test_same_stem_in_two_folders_gets_distinct_ids(tmp_path: Path) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "article.txt").write_text("Статья.", encoding="utf-8")
    documents, skipped = read_documents([tmp_path], SETTINGS)
    assert [d.id for d in documents] == ["article", "article~2"]
    assert skipped == []


def test_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffПривет, мир.".encode())
    document = read_document(path)
    assert document.text == "Привет, мир."
    assert document.encoding == "utf-8-sig"


TEXT = "Президент России Владимир Путин заявил, что Москва и Пхеньян обеспечат сотрудничество."


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r", "cp866", "utf-16"])
def test_legacy_and_utf16_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(TEXT.encode(encoding))  # Python's utf-16 codec writes a BOM
    document = read_document(path)
    assert document.text == TEXT
    assert document.lang == "ru"
    assert document.encoding.replace("-", "_") in {encoding.replace("-", "_"), "koi8_u"}


def test_ukrainian_koi8_u_is_detected(tmp_path: Path) -> None:
    text = "Російський диктатор у листі подякував за героїчну участь військ."
    path = tmp_path / "uk.txt"
    path.write_bytes(text.encode("koi8_u"))
    assert read_document(path).text == text


def test_broken_bytes_inside_utf8_are_replaced_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "damaged.txt"
    path.write_bytes(TEXT.encode() + b"\xff\xfe" + TEXT.encode())
    document = read_document(path)
    assert document.text == TEXT + "\ufffd\ufffd" + TEXT
    assert document.encoding == "utf-8"
    assert document.warnings and "damaged.txt" in document.warnings[0]


def test_binary_file_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError, match=r"image\.txt looks binary: it is a PNG image, .* fix this by running OCR"):
        read_document(path)


def test_unreadable_files_are_skipped_with_the_reason_unless_strict(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    documents, skipped = read_documents([tmp_path], SETTINGS)
    assert [d.id for d in documents] == ["good"]
    assert sorted(Path(s.path).name for s in skipped) == ["bad.txt", "empty.txt"]
    assert all(Path(s.path).name in s.reason for s in skipped)
    with pytest.raises(InputError, match=r"bad\.txt"):
        read_documents([tmp_path], InputSettings(strict=True))
    (tmp_path / "good.txt").unlink()
    with pytest.raises(InputError, match=r"none of the 2 input\(s\)"):
        read_documents([tmp_path], SETTINGS)


def test_empty_file_and_missing_path_and_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        read_document(tmp_path / "empty.txt")
    with pytest.raises(InputError, match="does not exist"):
        collect_paths([tmp_path / "missing.txt"], SETTINGS)
    (tmp_path / "folder").mkdir()
    with pytest.raises(InputError, match="holds no files"):
        collect_paths([tmp_path / "folder"], SETTINGS)
    with pytest.raises(InputError, match="no input"):
        collect_paths([], SETTINGS)


def test_title_guess() -> None:
    assert guess_title("Путин написал Киму\n\nТекст статьи.") == "Путин написал Киму"
    assert guess_title("Первое предложение статьи.\nВторое.") is None
    assert guess_title("Володимир Путін та Кім Чен Ин. Фото: NPR\n\nТекст.") is None
    assert guess_title("# Заголовок\n\nТекст.", markdown=True) == "Заголовок"
    assert guess_title("Путин налаживает связи | мир | Новый\n\nТекст.") == "Путин налаживает связи"


def test_more_documents_than_the_limit_is_an_error_naming_the_setting(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"d{i}", "text": f"Статья номер {i}. Второе предложение."}) for i in range(5)]
    (tmp_path / "many.jsonl").write_text("\n".join(lines))
    assert len(read_documents([tmp_path], InputSettings(max_documents=5))[0]) == 5
    with pytest.raises(InputError, match=r"more than 3 documents.*\[input\] max_documents"):
        read_documents([tmp_path], InputSettings(max_documents=3))


def test_a_device_or_pipe_is_refused_not_read_forever(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for special in (fifo, Path("/dev/zero")):
        with pytest.raises(InputError, match="is not a regular file"):
            collect_paths([special], SETTINGS)
    (tmp_path / "a.txt").write_text("Статья о письме. Второе предложение.")
    assert [p.name for p in collect_paths([tmp_path], SETTINGS)] == ["a.txt"]  # a folder's pipe is passed over


def test_many_documents_with_one_id_are_numbered_in_linear_work(tmp_path: Path) -> None:
    from .conftest import python_steps

    def read(n: int) -> list[str]:
        path = tmp_path / f"same{n}.jsonl"
        path.write_text("".join(json.dumps({"id": "same", "text": f"Статья {i}."}) + "\n" for i in range(n)))
        return [d.id for d in read_documents([path], SETTINGS)[0]]

    ids = read(3000)
    assert ids[:3] == ["same", "same~2", "same~3"] and ids[-1] == "same~3000" and len(set(ids)) == 3000
    # work counted, not timed: 4x the records, linear is ~4x the steps, the old quadratic numbering ~16x
    small = python_steps(lambda: read(500))
    large = python_steps(lambda: read(2000))
    assert large < 5 * small, (small, large)
