#!/usr/bin/env python3
"""Writes the fuzz seeds: every file under tests/import/ alone, and each export folder whole, in
the input shape of fuzz_targets/import_documents.rs. Run from anywhere:

    python3 crates/import/fuzz/seed.py   # writes crates/import/fuzz/seeds/import_documents/
"""
import hashlib, os, pathlib

here = pathlib.Path(__file__).resolve().parent
exports = here.parent.parent.parent / "tests" / "import"
out = here / "seeds" / "import_documents"
out.mkdir(parents=True, exist_ok=True)

def encode(files, anonymize=False):
    data = bytearray([len(files) | (0x40 if anonymize else 0)])
    for path, body in files:
        name = path.encode()[:255]
        data += bytes([len(name)]) + name + len(body).to_bytes(2, "little") + body
    return bytes(data)

def write(data):
    (out / hashlib.sha1(data).hexdigest()).write_bytes(data)

folders = {}
for file in sorted(p for p in exports.rglob("*") if p.is_file() and p.suffix == ".json"):
    rel = file.relative_to(exports).as_posix()
    body = file.read_bytes()
    assert len(body) < 65536, rel
    write(encode([(rel, body)]))
    folders.setdefault(rel.split("/")[0], []).append((rel, body))
for name, files in folders.items():
    # At most 31 documents an input (five bits of flags).
    for start in range(0, len(files), 31):
        chunk = files[start:start + 31]
        write(encode(chunk))
        write(encode(chunk, anonymize=True))
print(len(list(out.iterdir())), "seeds in", out)
