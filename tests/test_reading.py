from __future__ import annotations

from pathlib import Path

import pytest

from claimcmp.config import InputSettings
from claimcmp.errors import InputError
from claimcmp.reading import collect_paths, guess_title, read_document, read_documents

SETTINGS = InputSettings()


def test_folder_is_read_recursively_in_sorted_order_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ["b/2.txt", "a.md", "c.txt", ".hidden.txt", ".git/x.txt", "notes.pdf"]:
        (tmp_path / name).write_text("Текст статьи.", encoding="utf-8")
    names = [p.relative_to(tmp_path).as_posix() for p in collect_paths([tmp_path], SETTINGS)]
    assert names == ["a.md", "b/2.txt", "c.txt"]


def test_same_stem_in_two_folders_gets_distinct_ids(tmp_path: Path) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "article.txt").write_text("Статья.", encoding="utf-8")
    assert [d.id for d in read_documents([tmp_path], SETTINGS)] == ["article", "article~2"]


def test_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffПривет, мир.".encode())
    document = read_document(path)
    assert document.text == "Привет, мир."
    assert document.encoding == "utf-8-sig"


def test_non_utf8_is_a_clear_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "cp1251.txt"
    path.write_bytes("Путин заявил.".encode("cp1251"))
    with pytest.raises(InputError, match=r"cp1251\.txt is not UTF-8.*You can fix this"):
        read_document(path)


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
    assert guess_title("# Заголовок\n\nТекст.", Path("a.md")) == "Заголовок"
