#!/usr/bin/env bash
# Set up claimcmp in ./.venv: the CPU build of PyTorch first, then the package with its
# dev tools. Safe to run again; it only installs what is missing.
#
# Why torch first: a plain "torch" requirement (pulled in by sentence-transformers)
# resolves to a multi-GB CUDA build on many machines. Installing torch==2.13.0 first
# takes the CPU build where the machine provides one locally; elsewhere pip picks the
# platform's build. Set CLAIMCMP_TORCH to another requirement to override, or to "skip".
set -euo pipefail
cd "$(dirname "$0")"

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
PIP=(.venv/bin/python -m pip --disable-pip-version-check --quiet)

torch_spec="${CLAIMCMP_TORCH:-torch==2.13.0}"
if [ "$torch_spec" != "skip" ] && ! .venv/bin/python -c "import torch" 2>/dev/null; then
  echo "setup: installing $torch_spec (CPU build where available)" >&2
  "${PIP[@]}" install "$torch_spec" || {
    echo "setup: $torch_spec is not available here; letting sentence-transformers choose torch" >&2
  }
fi

# The ray extra (Ray, pyarrow) so that the Ray engine's tests run with the suite; claimcmp's default
# engine stays the embedded one, and `--engine ray` is the only thing that imports Ray.
echo "setup: installing claimcmp and its dependencies" >&2
"${PIP[@]}" install -e ".[dev,ray]"

# Convert the built-in model once (about 10 s); later runs load it from embeddings/.
.venv/bin/claimcmp model build >/dev/null
echo "setup: done. Activate with: . .venv/bin/activate" >&2
