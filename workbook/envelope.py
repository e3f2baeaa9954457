"""The envelope of a workbook locked with a passphrase (docs/data-format.md, "Locked workbooks").

A locked workbook file is the same TinyDB JSON document as a plain one,
encrypted whole. Only standard pieces from the ``cryptography`` package are
used, put together in the usual way:

* a random 256-bit *data key* encrypts the document with AES-256-GCM, a fresh
  random 96-bit nonce for every write, and every header byte as associated
  data (so a header can't be swapped or edited without the file failing);
* *key slots* in the header hold the data key, each encrypted (AES-256-GCM)
  with a key made from one secret: the passphrase (scrypt, its salt and cost
  stored in the slot) and, if the couple wants one, a recovery key (a long
  random key shown once; HKDF-SHA256, as it needs no slowing down);
* a SHA-256 checksum of the header tells a damaged header apart from a wrong
  passphrase: a flipped bit there is "damaged", never "wrong passphrase".

So changing the passphrase rewrites one slot, and the recovery key opens
the workbook instead of the passphrase. Nothing here touches files: the
callers (``workbook.storage``) read and write bytes.

Every problem is an ``EnvelopeError`` with a plain ``message`` for people.
"""

from __future__ import annotations

import base64
import os
import secrets
import struct
import unicodedata
from contextlib import suppress
from dataclasses import dataclass

# ``cryptography`` is imported only when a locked workbook is met (in the
# functions below): a plain workbook starts as fast as it did without it.

#: How every locked workbook starts. Like PNG's signature: a byte with the
#: high bit set, then CR LF, Ctrl-Z and LF, so a copy that mangled bytes or
#: line ends is noticed. A plain workbook starts with ``{``, never this.
MAGIC = b"\x89CWBLOCK\r\n\x1a\n"
#: The envelope version this code writes and reads.
VERSION = 1

_PASSPHRASE_SLOT = 1
_RECOVERY_SLOT = 2
_SALT = 16
_NONCE = 12
_KEY = 32
_TAG = 16
_WRAPPED = _KEY + _TAG
_CHECKSUM = 32
_PREFIX = struct.Struct(">BH")  # version, header length
_SLOT_HEAD = struct.Struct(">BH")  # kind, content length
_SCRYPT_COST = struct.Struct(">BBB")  # log2(n), r, p
_PASSPHRASE_CONTENT = _SALT + _SCRYPT_COST.size + _NONCE + _WRAPPED
_RECOVERY_CONTENT = _SALT + _NONCE + _WRAPPED
_RECOVERY_INFO = b"couple-workbook recovery key slot v1"
_RECOVERY_BYTES = 20  # 160 random bits: 32 base32 letters, in 8 groups of 4

#: A hostile file could ask for a cost that eats the machine's memory or time;
#: these bounds refuse that before any work is done (128 * n * r bytes <= 1 GiB).
_MAX_SCRYPT_MEMORY = 1 << 30
_MAX_R = 32
_MAX_P = 16


# --- errors -----------------------------------------------------------------


class EnvelopeError(Exception):
    """A locked workbook could not be opened; ``message`` says why, for people."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotLocked(EnvelopeError):
    """The bytes are not a locked workbook at all (no envelope signature)."""

    def __init__(self) -> None:
        super().__init__("This file is not a workbook locked with a passphrase.")


class WrongPassphrase(EnvelopeError):
    """The passphrase does not open this workbook (the file itself looks whole)."""

    def __init__(self) -> None:
        super().__init__(
            "That passphrase does not open this workbook. Check it and try again; "
            "letters must match in upper and lower case."
        )


class WrongRecoveryKey(EnvelopeError):
    """The recovery key does not open this workbook, or it has none."""

    def __init__(self, has_slot: bool = True) -> None:
        if has_slot:
            message = "That recovery key does not open this workbook. Check it and try again."
        else:
            message = "This workbook has no recovery key; only its passphrase opens it."
        super().__init__(message)
        self.has_slot = has_slot


class DamagedEnvelope(EnvelopeError):
    """The file is a locked workbook but it is damaged: cut off, or bytes changed.

    ``reason`` completes "... because ..." in plain words.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(f"This locked workbook can't be opened because {reason}.")
        self.reason = reason


class NewerEnvelope(EnvelopeError):
    """The file was locked by a newer version of the app, in a format this one can't read."""

    def __init__(self, found: int) -> None:
        super().__init__(
            "This workbook was locked by a newer version of the app. Please update the app "
            "to open it."
        )
        self.found = found


# --- key-making costs -------------------------------------------------------


@dataclass(frozen=True)
class ScryptCost:
    """How costly scrypt is made: n = 2**log2_n, memory 128 * n * r bytes, p lanes."""

    log2_n: int
    r: int
    p: int

    def problem(self) -> str | None:
        """Why this cost can't be used (a hostile or damaged header), or None."""
        if not 1 <= self.log2_n <= 30 or not 1 <= self.r <= _MAX_R or not 1 <= self.p <= _MAX_P:
            return "its header asks for a key-making cost out of range"
        if 128 * (1 << self.log2_n) * self.r > _MAX_SCRYPT_MEMORY:
            return "its header asks for more memory than the app allows"
        return None


#: Measured to take about half a second on a two-core machine of 2026 (n = 2**17,
#: r = 8: 128 MiB). The cost is stored in each file, so it can be raised later.
DEFAULT_COST = ScryptCost(log2_n=17, r=8, p=1)
#: For tests only: fast, and far too weak for real use.
TEST_COST = ScryptCost(log2_n=10, r=8, p=1)


def _seal_with(key: bytes, nonce: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """AES-256-GCM encryption: the ciphertext with its 16-byte tag at the end."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key).encrypt(nonce, plaintext, aad)


def _open_with(key: bytes, nonce: bytes, sealed: bytes, aad: bytes) -> bytes | None:
    """AES-256-GCM decryption; None if the tag does not match (wrong key or changed bytes)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(key).decrypt(nonce, sealed, aad)
    except InvalidTag:
        return None


def _scrypt(passphrase: str, salt: bytes, cost: ScryptCost) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    # NFC, so the same passphrase typed on two keyboards gives the same bytes.
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8", "surrogatepass")
    kdf = Scrypt(salt=salt, length=_KEY, n=1 << cost.log2_n, r=cost.r, p=cost.p)
    return kdf.derive(secret)


def _hkdf(recovery: bytes, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=_KEY, salt=salt, info=_RECOVERY_INFO).derive(
        recovery
    )


def _sha256(data: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes

    digest = hashes.Hash(hashes.SHA256())
    digest.update(data)
    return digest.finalize()


# --- recovery keys ------------------------------------------------------------


def new_recovery_key() -> str:
    """A new random recovery key, as people write it down: ``ABCD-EFGH-...`` (8 groups of 4)."""
    letters = base64.b32encode(secrets.token_bytes(_RECOVERY_BYTES)).decode("ascii")
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))


def _recovery_bytes(text: str) -> bytes | None:
    """The key that ``text`` (as typed: any case, spaces, dashes) stands for; None if none."""
    cleaned = "".join(ch for ch in text.upper() if ch not in " -\t\r\n")
    # Letters people confuse when copying by hand: base32 has no 0, 1 or 8.
    cleaned = cleaned.translate(str.maketrans("018", "OIB"))
    if len(cleaned) != 32:
        return None
    try:
        return base64.b32decode(cleaned)
    except ValueError:
        return None


# --- slots and the key ring ---------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One key slot as stored: its kind and its content bytes (see docs/data-format.md)."""

    kind: int
    content: bytes

    def encode(self) -> bytes:
        """The slot's bytes in the header."""
        return _SLOT_HEAD.pack(self.kind, len(self.content)) + self.content


def _slot_aad(kind: int, params: bytes) -> bytes:
    """What a slot's own encryption is bound to: the format, the slot kind and its parameters."""
    return MAGIC + bytes([VERSION, kind]) + params


def _wrap(kind: int, params: bytes, wrapping_key: bytes, data_key: bytes) -> Slot:
    nonce = os.urandom(_NONCE)
    wrapped = _seal_with(wrapping_key, nonce, data_key, _slot_aad(kind, params))
    return Slot(kind, params + nonce + wrapped)


def _unwrap(slot: Slot, params_size: int, wrapping_key: bytes) -> bytes | None:
    params = slot.content[:params_size]
    nonce = slot.content[params_size : params_size + _NONCE]
    wrapped = slot.content[params_size + _NONCE :]
    return _open_with(wrapping_key, nonce, wrapped, _slot_aad(slot.kind, params))


def passphrase_slot(passphrase: str, data_key: bytes, cost: ScryptCost = DEFAULT_COST) -> Slot:
    """A slot that opens ``data_key`` with ``passphrase`` (scrypt with a new random salt)."""
    salt = os.urandom(_SALT)
    params = salt + _SCRYPT_COST.pack(cost.log2_n, cost.r, cost.p)
    return _wrap(_PASSPHRASE_SLOT, params, _scrypt(passphrase, salt, cost), data_key)


def recovery_slot(recovery_key: str, data_key: bytes) -> Slot:
    """A slot that opens ``data_key`` with the recovery key ``recovery_key`` (HKDF-SHA256)."""
    secret = _recovery_bytes(recovery_key)
    if secret is None:
        raise ValueError("not a recovery key")
    salt = os.urandom(_SALT)
    return _wrap(_RECOVERY_SLOT, salt, _hkdf(secret, salt), data_key)


@dataclass(frozen=True)
class KeyRing:
    """What a locked workbook needs to be written again: its data key and its key slots.

    Made once, when a passphrase is set (``new_key_ring``) or a file is
    unlocked (``unlock``); each write then costs only AES-GCM, no scrypt.
    """

    data_key: bytes
    slots: tuple[Slot, ...]

    def __repr__(self) -> str:  # never show the key in a log or a traceback
        kinds = ", ".join(_KIND_NAMES.get(slot.kind, "unknown") for slot in self.slots)
        return f"KeyRing(slots=[{kinds}])"

    @property
    def has_recovery_key(self) -> bool:
        """True if a recovery key opens this workbook too."""
        return any(slot.kind == _RECOVERY_SLOT for slot in self.slots)

    def with_passphrase(self, passphrase: str, cost: ScryptCost = DEFAULT_COST) -> KeyRing:
        """The same data key and recovery slot, opened by a new passphrase instead of the old."""
        slots = [slot for slot in self.slots if slot.kind != _PASSPHRASE_SLOT]
        return KeyRing(self.data_key, (passphrase_slot(passphrase, self.data_key, cost), *slots))


_KIND_NAMES = {_PASSPHRASE_SLOT: "passphrase", _RECOVERY_SLOT: "recovery key"}


def new_key_ring(
    passphrase: str, *, recovery: bool = True, cost: ScryptCost = DEFAULT_COST
) -> tuple[KeyRing, str | None]:
    """A new random data key, a passphrase slot and, if ``recovery``, a recovery key's slot.

    Returns the key ring and the recovery key to show once (None without one).
    """
    data_key = secrets.token_bytes(_KEY)  # what AESGCM.generate_key(256) does too
    slots = [passphrase_slot(passphrase, data_key, cost)]
    recovery_key = None
    if recovery:
        recovery_key = new_recovery_key()
        slots.append(recovery_slot(recovery_key, data_key))
    return KeyRing(data_key, tuple(slots)), recovery_key


# --- writing and reading --------------------------------------------------------


def is_locked(raw: bytes) -> bool:
    """True if ``raw`` starts like a locked workbook (it may still be damaged).

    A signature with a byte or two changed counts too (``damaged_signature``):
    such a file is a damaged locked workbook, not a plain one full of bytes
    that are not text, and is told and recovered as one.
    """
    return raw.startswith(MAGIC) or damaged_signature(raw)


#: How many of the signature's 12 bytes must be as written for a file to count
#: as a locked workbook whose signature was damaged: more than half. A plain
#: workbook starts with ``{"``: it shares at most a line end or two with it.
_SIGNATURE_BYTES_KEPT = 7


def damaged_signature(raw: bytes) -> bool:
    """True if ``raw`` is a locked workbook whose first 12 bytes (its signature) were changed.

    Either most of the signature is still there, or the header after it is
    whole: put the signature back, and the header's checksum matches.
    """
    if raw.startswith(MAGIC) or len(raw) < len(MAGIC) + _PREFIX.size:
        return False
    kept = sum(a == b for a, b in zip(raw, MAGIC, strict=False))
    if kept >= _SIGNATURE_BYTES_KEPT:
        return True
    version, header_size = _PREFIX.unpack_from(raw, len(MAGIC))
    end = len(MAGIC) + _PREFIX.size + header_size
    if version != VERSION or len(raw) < end + _CHECKSUM:
        return False
    return _sha256(MAGIC + raw[len(MAGIC) : end]) == raw[end : end + _CHECKSUM]


def recovery_key_in_header(raw: bytes) -> bool | None:
    """Whether a recovery key opens the locked file ``raw``; None if its header can't be read.

    The kinds of key slot are in the header in the clear (only what is in
    them is secret), so this needs no passphrase.
    """
    try:
        parsed = _parse(raw)
    except EnvelopeError:
        return None
    return any(slot.kind == _RECOVERY_SLOT for slot in parsed.slots)


def seal(plaintext: bytes, ring: KeyRing) -> bytes:
    """The whole locked file for ``plaintext``: header, then the encrypted document."""
    nonce = os.urandom(_NONCE)
    header = bytes([len(ring.slots)]) + b"".join(slot.encode() for slot in ring.slots) + nonce
    front = MAGIC + _PREFIX.pack(VERSION, len(header)) + header
    front += _sha256(front)
    return front + _seal_with(ring.data_key, nonce, plaintext, front)


@dataclass(frozen=True)
class _Parsed:
    front: bytes  # every byte before the encrypted document: the associated data
    slots: tuple[Slot, ...]
    nonce: bytes
    body: bytes


def _parse(raw: bytes) -> _Parsed:
    """Split a locked file into its parts, checking the header; raise if it is not whole."""
    if not raw.startswith(MAGIC):
        if raw and len(raw) < len(MAGIC) and MAGIC.startswith(raw):
            raise DamagedEnvelope("the file is cut off")
        if damaged_signature(raw):
            raise DamagedEnvelope("its first bytes have been changed or damaged")
        raise NotLocked()
    at = len(MAGIC)
    if len(raw) < at + _PREFIX.size:
        raise DamagedEnvelope("the file is cut off")
    version, header_size = _PREFIX.unpack_from(raw, at)
    if version > VERSION:
        raise NewerEnvelope(version)
    if version != VERSION:
        raise DamagedEnvelope("its header is scrambled")
    at += _PREFIX.size
    end = at + header_size
    if len(raw) < end + _CHECKSUM:
        raise DamagedEnvelope("the file is cut off")
    front = raw[: end + _CHECKSUM]
    if _sha256(raw[:end]) != raw[end : end + _CHECKSUM]:
        raise DamagedEnvelope("its header has been changed or damaged")
    # The checksum matched, so from here on a problem is a file written wrongly.
    header = raw[at:end]
    if len(header) < 1 + _NONCE:
        raise DamagedEnvelope("its header is scrambled")
    count, pos, slots = header[0], 1, []
    for _ in range(count):
        if pos + _SLOT_HEAD.size > len(header) - _NONCE:
            raise DamagedEnvelope("its header is scrambled")
        kind, size = _SLOT_HEAD.unpack_from(header, pos)
        pos += _SLOT_HEAD.size
        slots.append(Slot(kind, header[pos : pos + size]))
        pos += size
    if pos != len(header) - _NONCE or not slots:
        raise DamagedEnvelope("its header is scrambled")
    body = raw[end + _CHECKSUM :]
    if len(body) < _TAG:
        raise DamagedEnvelope("the file is cut off")
    return _Parsed(front, tuple(slots), header[pos:], body)


def _open_body(parsed: _Parsed, data_key: bytes) -> bytes:
    plain = _open_with(data_key, parsed.nonce, parsed.body, parsed.front)
    if plain is None:
        # The key was right (it came out of a slot, or it is this workbook's own),
        # so the document itself is not what was written: cut off or changed.
        raise DamagedEnvelope("the file is damaged (cut off or changed)")
    return plain


@dataclass(frozen=True)
class Secret:
    """What a person gave to open a locked workbook: their passphrase or their recovery key."""

    passphrase: str | None = None
    recovery_key: str | None = None

    def __post_init__(self) -> None:
        if (self.passphrase is None) == (self.recovery_key is None):
            raise ValueError("give exactly one of passphrase and recovery_key")

    def __repr__(self) -> str:  # never show it in a log or a traceback
        return "Secret(recovery key)" if self.recovery_key is not None else "Secret(passphrase)"


def unlock_with(raw: bytes, secret: Secret) -> tuple[bytes, KeyRing]:
    """``unlock`` with the passphrase or recovery key in ``secret``."""
    return unlock(raw, passphrase=secret.passphrase, recovery_key=secret.recovery_key)


def check_header(raw: bytes) -> None:
    """Raise if ``raw`` is not a locked workbook with a whole, readable header (no key needed)."""
    _parse(raw)


def unlock(
    raw: bytes, *, passphrase: str | None = None, recovery_key: str | None = None
) -> tuple[bytes, KeyRing]:
    """Open a locked file with its passphrase or recovery key; (the document, its key ring).

    Raises NotLocked, NewerEnvelope, DamagedEnvelope (cut off, changed,
    scrambled), WrongPassphrase or WrongRecoveryKey.
    """
    if (passphrase is None) == (recovery_key is None):
        raise ValueError("give exactly one of passphrase and recovery_key")
    parsed = _parse(raw)
    data_key = None
    if passphrase is not None:
        for slot in parsed.slots:
            if slot.kind != _PASSPHRASE_SLOT:
                continue
            if len(slot.content) != _PASSPHRASE_CONTENT:
                raise DamagedEnvelope("its header is scrambled")
            salt = slot.content[:_SALT]
            cost = ScryptCost(*_SCRYPT_COST.unpack_from(slot.content, _SALT))
            problem = cost.problem()
            if problem:
                raise DamagedEnvelope(problem)
            params_size = _SALT + _SCRYPT_COST.size
            data_key = _unwrap(slot, params_size, _scrypt(passphrase, salt, cost))
            if data_key is not None:
                break
        if data_key is None and _recovery_bytes(passphrase) is not None:
            if not any(slot.kind == _RECOVERY_SLOT for slot in parsed.slots):
                # Shaped like a recovery key, on a workbook locked without one:
                # say so, rather than "wrong passphrase" for a key that can't work.
                raise WrongRecoveryKey(has_slot=False)
            # Typed where a passphrase is asked: a recovery key opens the workbook too.
            with suppress(WrongRecoveryKey):
                return unlock(raw, recovery_key=passphrase)
        if data_key is None:
            raise WrongPassphrase()
    else:
        assert recovery_key is not None
        found = [slot for slot in parsed.slots if slot.kind == _RECOVERY_SLOT]
        if not found:
            raise WrongRecoveryKey(has_slot=False)
        secret = _recovery_bytes(recovery_key)
        if secret is None:
            raise WrongRecoveryKey()
        for slot in found:
            if len(slot.content) != _RECOVERY_CONTENT:
                raise DamagedEnvelope("its header is scrambled")
            data_key = _unwrap(slot, _SALT, _hkdf(secret, slot.content[:_SALT]))
            if data_key is not None:
                break
        if data_key is None:
            raise WrongRecoveryKey()
    if len(data_key) != _KEY:
        raise DamagedEnvelope("its header is scrambled")
    return _open_body(parsed, data_key), KeyRing(data_key, parsed.slots)


def open_with_ring(raw: bytes, ring: KeyRing) -> bytes:
    """Open a locked file already known to use ``ring``'s data key (a save, its backup).

    No scrypt: the data key is used as it is. Raises like ``unlock``; a file
    locked with another data key is reported as damaged.
    """
    return _open_body(_parse(raw), ring.data_key)
