"""Save the whole emulator state to a file and load it back (``cognito-mock serve --persist``).

Everything is plain dataclasses except cryptography's key and certificate objects, which are
pickled through their PEM form. The file is written atomically (a temporary file, then rename),
so a crash while saving never leaves half a state behind.
"""
from __future__ import annotations

import copyreg
import functools
import io
import os
import pickle
import tempfile
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from .store import Store

FORMAT = 1


@functools.cache
def layout() -> str:
    """A fingerprint of every stored entity's fields: the dataclasses of store.py, outbox.py and of
    every ``*models.py`` of the backend (each concept keeps its entities in its own). Slotted
    dataclasses pickle their fields by position, so a file written by a build whose entities had
    other fields must not be loaded."""
    import dataclasses
    import hashlib
    import importlib
    import pkgutil
    from .. import backend
    modules = sorted(info.name.removeprefix(f"{__package__}.")
                     for info in pkgutil.walk_packages(backend.__path__, f"{__package__}.")
                     if info.name.rpartition(".")[2].endswith("models")) + ["store", "outbox"]
    shapes = []
    for name in modules:
        module = importlib.import_module(f"{__package__}.{name}")
        for cls in sorted(vars(module).values(), key=lambda v: getattr(v, "__qualname__", "")):
            if dataclasses.is_dataclass(cls) and cls.__module__ == module.__name__:
                shapes.append(f"{cls.__module__}.{cls.__qualname__}:{','.join(f.name for f in dataclasses.fields(cls))}")
    return hashlib.sha256("\n".join(shapes).encode()).hexdigest()[:16]


def _private_key(pem: bytes):
    return serialization.load_pem_private_key(pem, password=None)


def _public_key(pem: bytes):
    return serialization.load_pem_public_key(pem)


def _certificate(pem: bytes):
    return x509.load_pem_x509_certificate(pem)


def _reduce_private_key(key):
    return _private_key, (key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption()),)


def _reduce_public_key(key):
    return _public_key, (key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo),)


def _reduce_certificate(cert):
    return _certificate, (cert.public_bytes(serialization.Encoding.PEM),)


@functools.cache
def _register_reducers() -> None:
    sample_rsa = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # only to learn the types
    sample_ec = ec.generate_private_key(ec.SECP256R1())
    for private in (sample_rsa, sample_ec):
        copyreg.pickle(type(private), _reduce_private_key)
        copyreg.pickle(type(private.public_key()), _reduce_public_key)
    copyreg.pickle(x509.Certificate, _reduce_certificate)
    try:  # the concrete certificate class, where cryptography has one
        from cryptography.hazmat.bindings._rust import x509 as rust_x509
        copyreg.pickle(rust_x509.Certificate, _reduce_certificate)
    except (ImportError, AttributeError):
        pass


def save(store: Store, path: str | os.PathLike) -> None:
    """Write the state to ``path``. Like ``load``, the caller (server.py) holds the store's lock."""
    _register_reducers()
    target = Path(path)
    header = pickle.dumps({"format": FORMAT, "layout": layout()}, protocol=pickle.HIGHEST_PROTOCOL)
    data = header + pickle.dumps({"regions": store._regions, "index": store.index,
                                  "outbox": store.env.outbox.messages}, protocol=pickle.HIGHEST_PROTOCOL)
    fd, tmp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load(store: Store, path: str | os.PathLike) -> bool:
    """Load ``path`` into ``store``; False when there is no such file yet."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        return False
    _register_reducers()
    stream = io.BytesIO(raw)
    header = pickle.load(stream)              # read first, so a foreign layout is never unpickled
    if header.get("format") != FORMAT or header.get("layout") != layout():
        raise ValueError(f"{path} was written by a cognito-mock whose stored entities differ from this one's; "
                         "start without --persist, or remove the file")
    data = pickle.load(stream)
    store.reset()
    store._regions.update(data["regions"])
    for name in store.index.__slots__:
        getattr(store.index, name).update(getattr(data["index"], name, {}))
    for state in store._regions.values():
        state.index = store.index
    store.env.outbox.messages.extend(data["outbox"])
    return True
