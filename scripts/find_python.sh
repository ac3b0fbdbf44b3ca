#!/usr/bin/env bash
# Prints a Python interpreter of version 3.12 or newer (python3 on these machines is 3.11).
for candidate in python3.13 python3.12 python3 \
    "$(pyenv root 2>/dev/null)"/versions/3.1[2-9]*/bin/python \
    "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python; do
  exe=$(command -v "$candidate" 2>/dev/null) || continue
  if "$exe" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
    echo "$exe"; exit 0
  fi
done
echo "找不到 Python 3.12 或更新的版本；請先安裝（如 pyenv install 3.12）" >&2
exit 1
