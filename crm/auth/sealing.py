"""Secrets at rest (two-factor seeds): AES-GCM with a key derived from SECRET_KEY by HKDF.

A copy of the database alone does not reveal anyone's second factor. Each sealed value is bound to what it belongs
to (`context`, e.g. "user:12:totp"), so it cannot be copied onto another row. When SECRET_KEY changes, sealed values
can no longer be opened: `unseal` returns None and the caller fails closed (an administrator resets the factor).
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

PREFIX = "v1:"
NONCE_BYTES = 12


def _key() -> bytes:
    secret = current_app.config["SECRET_KEY"]
    material = secret.encode() if isinstance(secret, str) else bytes(secret)
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"bondgenoot/sealing", info=b"v1").derive(material)


def seal(plaintext: str, context: str) -> str:
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(_key()).encrypt(nonce, plaintext.encode(), context.encode())
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def unseal(token: str | None, context: str) -> str | None:
    if not token or not token.startswith(PREFIX):
        return None
    try:
        raw = base64.urlsafe_b64decode(token.removeprefix(PREFIX))
        plain = AESGCM(_key()).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode())
    except (InvalidTag, ValueError):
        return None
    return plain.decode()
