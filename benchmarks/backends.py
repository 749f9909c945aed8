"""Encoding backends of the built-in model on this CPU: throughput, memory and FLORES top-1 (issue 20, item 2).

``python -m benchmarks.backends interleaved --only a,b,... [--rounds R] [--limit N]`` measures throughput
only, fairly under a shared machine's load: one process per backend, each timed in turn on the same N mixed
sentences, R rounds, median (the first backend is the base of the ratios).

``python -m benchmarks.backends [--limit N] [--onnx-python PATH] [--only a,b]`` encodes the FLORES dev
sentences of eng/rus/ukr/bul (``query: `` prefix, chunks of 32 in file order, as claimcmp's
``embed_batch`` does) with each backend in a process of its own, and prints one JSON object and a
Markdown table: sentences per second (after a warm-up), seconds to load, the process's peak
memory, FLORES top-1 in all 12 directions (mean, worst, and the largest drop from fp32 in any
direction), and the cosine of each vector to its fp32 counterpart.

Backends:

- ``fp32``: sentence-transformers, as claimcmp runs with ``precision = "fp32"``;
- ``bf16``: the same model cast to bfloat16 (``precision = "bf16"``; native on AVX512-BF16 / AMX);
- ``int8-dynamic``: ``torch.ao.quantization.quantize_dynamic`` on every ``nn.Linear`` (int8 weights,
  activations quantised per batch);
- ``NAME+sorted``: the same backend fed chunks of 32 texts of like length (sorted by characters, the
  vectors put back in order), so that little of each batch is padding;
- ``onnx-fp32`` / ``onnx-int8``: the encoder exported to ONNX (optimum) and run by onnxruntime, with
  the model's own ``tokenizer.json``, mean pooling and normalisation; int8 is onnxruntime's dynamic
  quantisation (``quantize_dynamic``, QInt8 weights). These need ``onnxruntime`` and ``optimum-onnx``,
  which pin transformers < 5 while sentence-transformers 6 needs 5: give ``--onnx-python`` a Python
  whose environment has them (for instance a virtual environment that sees this one's packages through a
  ``.pth`` file and has its own transformers 4.x); the export goes to ``--onnx-dir``.
- ``ov-f32`` / ``ov-bf16``: sentence-transformers' ``backend="openvino"`` (optimum-intel's export, OpenVINO
  runtime) with ``INFERENCE_PRECISION_HINT`` f32 or bf16 (OpenVINO's own default on CPUs with AVX512-BF16/AMX);
  ``ov-int8`` / ``ov-int8-bf16``: NNCF's static int8 quantisation of that IR (weights and activations, ranges
  from 300 news sentences of benchmarks/data/real, never FLORES; NNCF's transformer preset, as
  sentence-transformers' ``export_static_quantized_openvino_model`` does); ``ov-w8-bf16``: NNCF's int8
  weight-only compression, activations in bf16. optimum-intel pins transformers < 5.6, huggingface-hub < 1.22
  and needs torchvision: give ``--openvino-python`` a Python of its own environment; the export goes beside
  ``--onnx-dir`` (``...-openvino``).
- ``cc-ov-f32`` / ``cc-ov-bf16`` / ``cc-ov-int8``: claimcmp's own OpenVINO backend (``[model] backend =
  "openvino"``, ``precision`` fp32, bf16 or int8), run by the Python in ``$CLAIMCMP_OPENVINO_PYTHON`` (claimcmp's
  environment with the ``openvino`` extra: the openvino wheel and NNCF); its IRs are built into
  ``embeddings/openvino/`` as claimcmp builds them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TORCH_BACKENDS = ("fp32", "bf16", "int8-dynamic")
ONNX_BACKENDS = ("onnx-fp32", "onnx-int8")
# OpenVINO: the IR (fp32 weights) run in f32 or bf16 (INFERENCE_PRECISION_HINT), its int8 copies likewise
OPENVINO_BACKENDS = ("ov-f32", "ov-bf16", "ov-int8", "ov-int8-bf16", "ov-w8-bf16")
OV_FILES = {
    "ov-f32": ("openvino_model.xml", "f32"),
    "ov-bf16": ("openvino_model.xml", "bf16"),
    "ov-int8": ("openvino_model_qint8_quantized.xml", "f32"),
    "ov-int8-bf16": ("openvino_model_qint8_quantized.xml", "bf16"),
    "ov-w8-bf16": ("openvino_model_int8_weights.xml", "bf16"),
}
# claimcmp's own OpenVINO backend (claimcmp/model/openvino_backend.py: the IR converted by openvino itself, run
# with no torch), in f32 or bf16: what [model] backend = "openvino" runs
# cc-ov-int8: that IR statically quantised by NNCF as claimcmp builds it for [model] precision = "int8"
# (claimcmp/model/openvino_int8.py: the calibration sentences shipped in claimcmp/data/calibration/)
CLAIMCMP_BACKENDS = ("cc-ov-f32", "cc-ov-bf16", "cc-ov-int8")
CALIBRATION = 300  # news sentences (benchmarks/data/real, never FLORES) for the static int8 ranges
PREFIX = "query: "
BATCH = 32
SORTED = "+sorted"


FLORES = {"eng": "eng_Latn", "rus": "rus_Cyrl", "ukr": "ukr_Cyrl", "bul": "bul_Cyrl"}


def _flores(limit: int | None) -> dict[str, list[str]]:
    """The FLORES dev lines per language, read directly (this may run in another environment than claimcmp's)."""
    folder = REPO / "benchmarks" / "data" / "flores200_dev"
    lines = {short: (folder / f"{stem}.dev").read_text(encoding="utf-8").splitlines() for short, stem in FLORES.items()}
    return {short: found[:limit] if limit else found for short, found in lines.items()}


def _model_dir() -> Path:
    """The built-in model as built into the repository's cache (``claimcmp model build``)."""
    built = sorted(p.parent for p in (REPO / "embeddings" / "models").glob("*/.claimcmp-complete"))
    if not built:
        raise SystemExit("the built-in model is not built: run claimcmp model build first")
    return built[-1]


def _torch_encoder(name: str, folder: Path) -> Any:
    import torch
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(folder), device="cpu")
    if name == "bf16":
        model.to(torch.bfloat16)
    elif name == "int8-dynamic":
        model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)

    def encode(texts: list[str]) -> Any:
        import numpy as np

        out = model.encode(texts, batch_size=BATCH, normalize_embeddings=True, convert_to_numpy=True)
        out = out.astype(np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    return encode


def _onnx_export(folder: Path, target: Path) -> Path:
    """The encoder as ONNX (``model.onnx``) and its dynamically quantised copy (``model_int8.onnx``), built once."""
    fp32, int8 = target / "model.onnx", target / "model_int8.onnx"
    if not fp32.exists():
        from optimum.exporters.onnx import main_export

        main_export(str(folder), output=str(target), task="feature-extraction", opset=17, do_validation=False)
    if not int8.exists():
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True)
    return target


def _onnx_encoder(name: str, folder: Path, onnx_dir: Path) -> Any:
    import numpy as np
    import onnxruntime as ort
    from tokenizers import Tokenizer

    exported = _onnx_export(folder, onnx_dir)
    options = ort.SessionOptions()
    options.intra_op_num_threads = os.cpu_count() or 1
    path = exported / ("model_int8.onnx" if name == "onnx-int8" else "model.onnx")
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    wanted = {i.name for i in session.get_inputs()}
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.enable_truncation(512)
    pad = json.loads((folder / "config.json").read_text())["pad_token_id"]
    tokenizer.enable_padding(pad_id=pad)

    def encode(texts: list[str]) -> Any:
        parts = []
        for start in range(0, len(texts), BATCH):
            batch = tokenizer.encode_batch(texts[start : start + BATCH])
            ids = np.array([e.ids for e in batch], dtype=np.int64)
            mask = np.array([e.attention_mask for e in batch], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = session.run(None, {k: v for k, v in feeds.items() if k in wanted})[0]
            pooled = (hidden * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
            parts.append(pooled / np.linalg.norm(pooled, axis=1, keepdims=True))
        return np.vstack(parts).astype(np.float32)

    return encode


def _calibration_texts(count: int) -> list[str]:
    """``count`` news sentences of the real development set (not FLORES, which is the test): the set claimcmp
    ships for its own int8 build (``benchmarks/make_calibration_set.py`` chose them)."""
    from claimcmp.model.openvino_int8 import calibration_sentences

    return [PREFIX + text for text in calibration_sentences()[:count]]


def _openvino_export(folder: Path, target: Path) -> Path:
    """The model exported to OpenVINO IR by sentence-transformers (``backend="openvino"``), built once, with two
    int8 copies made by NNCF: ``qint8_quantized`` (static: weights and activations, ranges from news sentences,
    NNCF's transformer preset, as sentence-transformers' ``export_static_quantized_openvino_model`` does) and
    ``int8_weights`` (weights only, ``compress_weights``; activations stay in the inference precision)."""
    xml = target / "openvino" / "openvino_model.xml"
    if not xml.exists():
        from sentence_transformers import SentenceTransformer

        SentenceTransformer(str(folder), device="cpu", backend="openvino").save_pretrained(str(target))
    static, weights = (
        xml.with_name("openvino_model_qint8_quantized.xml"),
        xml.with_name("openvino_model_int8_weights.xml"),
    )
    if not static.exists() or not weights.exists():
        import nncf
        import numpy as np
        import openvino as ov
        from tokenizers import Tokenizer

        core = ov.Core()
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.enable_truncation(512)
        tokenizer.enable_padding(pad_id=json.loads((folder / "config.json").read_text())["pad_token_id"])
        texts = _calibration_texts(CALIBRATION)
        samples = []
        for start in range(0, len(texts), 8):
            batch = tokenizer.encode_batch(texts[start : start + 8])
            ids = np.array([e.ids for e in batch], dtype=np.int64)
            mask = np.array([e.attention_mask for e in batch], dtype=np.int64)
            samples.append({"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})
        if not static.exists():
            quantized = nncf.quantize(
                core.read_model(str(xml)),
                nncf.Dataset(samples),
                model_type=nncf.ModelType.TRANSFORMER,
                subset_size=len(samples),
            )
            ov.save_model(quantized, str(static))
        if not weights.exists():
            ov.save_model(nncf.compress_weights(core.read_model(str(xml))), str(weights))
    return target


def _openvino_encoder(name: str, folder: Path, export_dir: Path) -> Any:
    from sentence_transformers import SentenceTransformer

    exported = _openvino_export(folder, export_dir)
    file_name, precision = OV_FILES[name]
    model = SentenceTransformer(
        str(exported),
        device="cpu",
        backend="openvino",
        model_kwargs={"file_name": f"openvino/{file_name}", "ov_config": {"INFERENCE_PRECISION_HINT": precision}},
    )

    def encode(texts: list[str]) -> Any:
        import numpy as np

        out = model.encode(texts, batch_size=BATCH, normalize_embeddings=True, convert_to_numpy=True)
        out = out.astype(np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    return encode


def _claimcmp_encoder(name: str, folder: Path) -> Any:
    from claimcmp.model.openvino_backend import OpenVINOEncoder

    precision = {"cc-ov-f32": "fp32", "cc-ov-bf16": "bf16", "cc-ov-int8": "int8"}[name]
    encoder = OpenVINOEncoder(folder, REPO / "embeddings", precision, BATCH)  # builds its IR once if need be

    def encode(texts: list[str]) -> Any:
        import numpy as np

        return np.vstack([encoder.sentence_vectors(texts[k : k + BATCH]) for k in range(0, len(texts), BATCH)])

    return encode


def _encoder(backend: str, folder: Path, onnx_dir: Path) -> Any:
    if backend in CLAIMCMP_BACKENDS:
        return _claimcmp_encoder(backend, folder)
    if backend in ONNX_BACKENDS:
        return _onnx_encoder(backend, folder, onnx_dir)
    if backend in OPENVINO_BACKENDS:
        return _openvino_encoder(backend, folder, onnx_dir.with_name(onnx_dir.name + "-openvino"))
    return _torch_encoder(backend, folder)


def _python(name: str, onnx_python: str | None, openvino_python: str | None) -> str:
    backend = name.removesuffix(SORTED)
    if backend in CLAIMCMP_BACKENDS:
        return os.environ.get("CLAIMCMP_OPENVINO_PYTHON", sys.executable)
    if backend in ONNX_BACKENDS:
        return onnx_python or sys.executable
    if backend in OPENVINO_BACKENDS:
        return openvino_python or sys.executable
    return sys.executable


def one(name: str, out: Path, limit: int | None, onnx_dir: Path) -> dict[str, Any]:
    """Encode FLORES with one backend in this process; save the vectors to ``out`` (npz); return the timings."""
    import numpy as np

    flores = _flores(limit)
    folder = _model_dir()
    backend, by_length = name.removesuffix(SORTED), name.endswith(SORTED)
    start = time.perf_counter()
    encoder = _encoder(backend, folder, onnx_dir)
    load_s = time.perf_counter() - start
    encoder([PREFIX + t for t in flores["eng"][:BATCH]])  # warm-up: first-call allocations, thread pools
    vectors, sentences = {}, 0
    start = time.perf_counter()
    for lang, lines in flores.items():
        texts = [PREFIX + t for t in lines]
        # chunks of 32, in file order as claimcmp's embed_batch sends them, or (+sorted) of texts of like length
        order = sorted(range(len(texts)), key=lambda i: len(texts[i])) if by_length else list(range(len(texts)))
        rows = np.vstack([encoder([texts[i] for i in order[k : k + BATCH]]) for k in range(0, len(order), BATCH)])
        vectors[lang] = rows[np.argsort(order)]
        sentences += len(texts)
    seconds = time.perf_counter() - start
    np.savez(out, **vectors)
    return {
        "backend": name,
        "sentences": sentences,
        "seconds": round(seconds, 2),
        "per_second": sentences / seconds,
        "load_seconds": round(load_s, 2),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "load_average": os.getloadavg(),
    }


def serve(name: str, limit: int, onnx_dir: Path) -> None:
    """Load one backend, then time it on ``limit`` mixed FLORES sentences each time a line arrives on stdin."""
    flores = _flores(None)
    per_lang = max(1, limit // len(flores))
    texts = [PREFIX + line for k in range(per_lang) for line in (lines[k] for lines in flores.values())]
    backend, by_length = name.removesuffix(SORTED), name.endswith(SORTED)
    folder = _model_dir()
    encoder = _encoder(backend, folder, onnx_dir)
    encoder(texts[:BATCH])  # warm-up
    order = sorted(range(len(texts)), key=lambda i: len(texts[i])) if by_length else list(range(len(texts)))
    print("ready", flush=True)
    for _ in sys.stdin:
        start, cpu = time.perf_counter(), time.process_time()
        for k in range(0, len(order), BATCH):
            encoder([texts[i] for i in order[k : k + BATCH]])
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(json.dumps({"per_second": len(texts) / wall, "per_cpu_second": len(texts) / cpu}), flush=True)


def interleaved(
    names: list[str], rounds: int, limit: int, onnx_python: str | None, onnx_dir: str, openvino_python: str | None
) -> dict[str, Any]:
    """Throughput of each backend, measured in turn, ``rounds`` times: all under the same load of the machine."""
    import statistics

    workers = {}
    for name in names:
        python = _python(name, onnx_python, openvino_python)
        command = [python, "-m", "benchmarks.backends", "serve", name, "-", "--limit", str(limit)]
        command += ["--onnx-dir", onnx_dir]
        workers[name] = subprocess.Popen(command, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        for worker in workers.values():
            assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
        rates: dict[str, list[float]] = {name: [] for name in names}
        per_cpu: dict[str, list[float]] = {name: [] for name in names}
        load: list[float] = []  # the 1-minute load average as each round starts: how shared the machine was
        for _ in range(rounds):
            load.append(round(os.getloadavg()[0], 2))
            for name, worker in workers.items():
                time.sleep(1.0)  # the previous worker's OpenMP threads stop spinning
                assert worker.stdin is not None and worker.stdout is not None
                worker.stdin.write("go\n")
                worker.stdin.flush()
                got = json.loads(worker.stdout.readline())
                rates[name].append(got["per_second"])
                per_cpu[name].append(got["per_cpu_second"])
    finally:
        for worker in workers.values():
            worker.kill()
            worker.wait()
    base, base_cpu = statistics.median(rates[names[0]]), statistics.median(per_cpu[names[0]])
    result: dict[str, Any] = {
        name: {
            "per_second": statistics.median(got),
            "vs_first": statistics.median(got) / base,
            "per_cpu_second": statistics.median(per_cpu[name]),
            "cpu_vs_first": statistics.median(per_cpu[name]) / base_cpu,
            "all": got,
            "round_ratios": [round(rate / first, 2) for rate, first in zip(got, rates[names[0]], strict=True)],
        }
        for name, got in rates.items()
    }
    return {"load_per_round": load, **result}


def _top1(vectors: dict[str, Any]) -> dict[str, float]:
    import numpy as np

    return {
        f"{x}>{y}": float(((vx @ vy.T).argmax(1) == np.arange(len(vx))).mean())
        for x, vx in vectors.items()
        for y, vy in vectors.items()
        if x != y
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", nargs="?", default="all", choices=["all", "one", "serve", "interleaved"])
    parser.add_argument("name", nargs="?")
    parser.add_argument("out", nargs="?")
    parser.add_argument("--limit", type=int, default=None, help="FLORES sentences per language (default: all 997)")
    parser.add_argument("--onnx-python", default=None, help="a Python with onnxruntime and optimum-onnx")
    parser.add_argument("--openvino-python", default=None, help="a Python with optimum-intel[openvino] and nncf")
    parser.add_argument("--onnx-dir", default=str(Path(tempfile.gettempdir()) / "claimcmp-onnx-export"))
    parser.add_argument("--only", default=None, help="comma-separated backends (interleaved: the first is the base)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved: measurements per backend")
    args = parser.parse_args(argv)
    if args.command == "one":
        print(json.dumps(one(args.name, Path(args.out), args.limit, Path(args.onnx_dir))))
        return 0
    if args.command == "serve":
        serve(args.name, args.limit or 256, Path(args.onnx_dir))
        return 0
    if args.command == "interleaved":
        names = (args.only or "fp32,bf16").split(",")
        result = interleaved(
            names, args.rounds, args.limit or 256, args.onnx_python, args.onnx_dir, args.openvino_python
        )
        print(json.dumps({"rounds": args.rounds, "sentences": args.limit or 256, "rates": result}, indent=1))
        return 0

    import numpy as np

    names = [*TORCH_BACKENDS, *(ONNX_BACKENDS if args.onnx_python else ())]
    names += OPENVINO_BACKENDS if args.openvino_python else ()
    names += CLAIMCMP_BACKENDS if os.environ.get("CLAIMCMP_OPENVINO_PYTHON") else ()
    names += [n + SORTED for n in names]
    if args.only:
        names = [n for n in args.only.split(",") if n in names]
    if "fp32" not in names:
        names.insert(0, "fp32")  # the reference
    rows, vectors = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            python = _python(name, args.onnx_python, args.openvino_python)
            out = Path(tmp) / f"{name}.npz"
            command = [python, "-m", "benchmarks.backends", "one", name, str(out), "--onnx-dir", args.onnx_dir]
            if args.limit:
                command += ["--limit", str(args.limit)]
            print(f"backends: {name}", file=sys.stderr, flush=True)
            done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
            if done.returncode != 0:
                rows.append({"backend": name, "error": done.stderr.strip().splitlines()[-1:]})
                continue
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
            with np.load(out) as saved:
                vectors[name] = {k: saved[k] for k in saved.files}
    reference = _top1(vectors["fp32"])
    base_rate = next(r["per_second"] for r in rows if r["backend"] == "fp32")
    for row in rows:
        if row["backend"] not in vectors:
            continue
        top1 = _top1(vectors[row["backend"]])
        cosines = np.concatenate([(vectors[row["backend"]][k] * vectors["fp32"][k]).sum(1) for k in vectors["fp32"]])
        row.update(
            top1_mean=sum(top1.values()) / len(top1),
            top1_worst=min(top1.values()),
            largest_drop=max(reference[d] - top1[d] for d in top1),
            cosine_to_fp32_mean=float(cosines.mean()),
            cosine_to_fp32_min=float(cosines.min()),
            speedup=row["per_second"] / base_rate,
            top1=top1,
        )
    print(json.dumps({"rows": rows, "cpus": os.cpu_count()}, indent=1))
    print(
        "| backend | sentences/s | vs fp32 | load s | peak RSS MB | FLORES top-1 mean | worst direction | "
        "largest drop from fp32 | cosine to fp32 (mean / min) |",
        file=sys.stderr,
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |", file=sys.stderr)
    for r in rows:
        if "error" in r:
            print(f"| {r['backend']} | error: {r['error']} |", file=sys.stderr)
            continue
        print(
            f"| {r['backend']} | {r['per_second']:.1f} | {r['speedup']:.2f}x | {r['load_seconds']:.1f} | "
            f"{r['peak_rss_mb']:.0f} | {r['top1_mean']:.4f} | {r['top1_worst']:.4f} | {r['largest_drop']:+.4f} | "
            f"{r['cosine_to_fp32_mean']:.4f} / {r['cosine_to_fp32_min']:.4f} |",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
