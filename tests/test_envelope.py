"""The envelope of a locked workbook: it round-trips, and every way it fails is told apart."""

from __future__ import annotations

import pytest

from workbook import envelope
from workbook.envelope import (
    MAGIC,
    TEST_COST,
    DamagedEnvelope,
    KeyRing,
    NewerEnvelope,
    NotLocked,
    ScryptCost,
    WrongPassphrase,
    WrongRecoveryKey,
    new_key_ring,
    open_with_ring,
    seal,
    unlock,
)

DOC = b'{"_meta":{"1":{"schema":1}},"answers":{"1":{"value":"the secret garden"}}}'


def _ring(recovery: bool = True) -> tuple[KeyRing, str | None]:
    return new_key_ring("correct horse", recovery=recovery, cost=TEST_COST)


def test_round_trip_with_passphrase() -> None:
    ring, _ = _ring()
    sealed = seal(DOC, ring)
    assert sealed.startswith(MAGIC)
    assert b"secret garden" not in sealed
    plain, opened = unlock(sealed, passphrase="correct horse")
    assert plain == DOC
    assert opened.data_key == ring.data_key
    # A save after unlocking uses the ring without scrypt, and opens again.
    assert open_with_ring(seal(DOC + b" ", opened), ring) == DOC + b" "


def test_each_write_uses_a_fresh_nonce() -> None:
    ring, _ = _ring()
    assert seal(DOC, ring) != seal(DOC, ring)


def test_recovery_key_opens_instead_of_passphrase() -> None:
    ring, recovery = _ring()
    assert recovery is not None
    groups = recovery.split("-")
    assert len(groups) == 8 and all(len(group) == 4 for group in groups)
    sealed = seal(DOC, ring)
    assert unlock(sealed, recovery_key=recovery)[0] == DOC
    # As someone may type it: lower case, spaces instead of dashes.
    assert unlock(sealed, recovery_key=recovery.lower().replace("-", " "))[0] == DOC


def test_passphrase_is_compared_after_unicode_normalisation() -> None:
    ring, _ = new_key_ring("café", recovery=False, cost=TEST_COST)
    sealed = seal(DOC, ring)
    assert unlock(sealed, passphrase="cafe\u0301")[0] == DOC


def test_wrong_passphrase_is_not_damage() -> None:
    ring, _ = _ring()
    with pytest.raises(WrongPassphrase) as caught:
        unlock(seal(DOC, ring), passphrase="Correct horse")
    assert not isinstance(caught.value, DamagedEnvelope)
    assert "passphrase" in caught.value.message


def test_wrong_recovery_key() -> None:
    ring, _ = _ring()
    other = envelope.new_recovery_key()
    with pytest.raises(WrongRecoveryKey) as caught:
        unlock(seal(DOC, ring), recovery_key=other)
    assert caught.value.has_slot
    with pytest.raises(WrongRecoveryKey):
        unlock(seal(DOC, ring), recovery_key="not a key at all")


def test_no_recovery_slot_is_said_plainly() -> None:
    ring, recovery = _ring(recovery=False)
    assert recovery is None and not ring.has_recovery_key
    with pytest.raises(WrongRecoveryKey) as caught:
        unlock(seal(DOC, ring), recovery_key=envelope.new_recovery_key())
    assert not caught.value.has_slot


def test_change_passphrase_keeps_data_key_and_recovery_key() -> None:
    ring, recovery = _ring()
    assert recovery is not None
    changed = ring.with_passphrase("new words", cost=TEST_COST)
    sealed = seal(DOC, changed)
    assert unlock(sealed, passphrase="new words")[0] == DOC
    assert unlock(sealed, recovery_key=recovery)[0] == DOC
    with pytest.raises(WrongPassphrase):
        unlock(sealed, passphrase="correct horse")


def test_every_flipped_bit_is_damage_or_wrong_never_a_crash() -> None:
    ring, _ = _ring(recovery=False)
    sealed = seal(DOC, ring)
    for index in range(len(sealed)):
        for bit in (0, 7):
            broken = bytearray(sealed)
            broken[index] ^= 1 << bit
            with pytest.raises((DamagedEnvelope, NotLocked, NewerEnvelope)):
                unlock(bytes(broken), passphrase="correct horse")


def test_flipped_bit_in_header_is_damage_not_wrong_passphrase() -> None:
    ring, _ = _ring()
    sealed = seal(DOC, ring)
    header_byte = len(MAGIC) + 3 + 5  # inside the first slot's salt
    broken = bytearray(sealed)
    broken[header_byte] ^= 0x10
    with pytest.raises(DamagedEnvelope) as caught:
        unlock(bytes(broken), passphrase="correct horse")
    assert "changed or damaged" in caught.value.message


def test_flipped_bit_in_body_is_damage() -> None:
    ring, _ = _ring()
    broken = bytearray(seal(DOC, ring))
    broken[-20] ^= 0x01
    with pytest.raises(DamagedEnvelope) as caught:
        unlock(bytes(broken), passphrase="correct horse")
    assert "damaged" in caught.value.message


def test_every_truncation_is_damage() -> None:
    ring, _ = _ring(recovery=False)
    sealed = seal(DOC, ring)
    for length in range(1, len(sealed)):
        with pytest.raises(DamagedEnvelope):
            unlock(sealed[:length], passphrase="correct horse")


def test_plain_workbook_is_not_locked() -> None:
    assert not envelope.is_locked(DOC)
    with pytest.raises(NotLocked):
        unlock(DOC, passphrase="correct horse")
    with pytest.raises(NotLocked):
        unlock(b"", passphrase="x")


def test_newer_version_is_told_apart() -> None:
    ring, _ = _ring()
    sealed = bytearray(seal(DOC, ring))
    sealed[len(MAGIC)] = envelope.VERSION + 1
    with pytest.raises(NewerEnvelope):
        unlock(bytes(sealed), passphrase="correct horse")


def test_hostile_cost_is_refused_before_any_work() -> None:
    # A file whose checksum is right but whose slot asks for 2**30 * 8 * 128 bytes.
    ring = KeyRing(
        b"k" * 32,
        (envelope.Slot(1, b"s" * 16 + bytes([30, 8, 1]) + b"n" * 12 + b"w" * 48),),
    )
    with pytest.raises(DamagedEnvelope) as caught:
        unlock(seal(DOC, ring), passphrase="x")
    assert "memory" in caught.value.message
    assert ScryptCost(17, 8, 1).problem() is None
    assert ScryptCost(0, 8, 1).problem() is not None


def test_key_ring_never_shows_its_key() -> None:
    ring, _ = _ring()
    assert ring.data_key.hex() not in repr(ring)
    assert repr(ring) == "KeyRing(slots=[passphrase, recovery key])"


def test_another_data_key_reads_as_damage() -> None:
    ring, _ = _ring()
    other, _ = _ring()
    with pytest.raises(DamagedEnvelope):
        open_with_ring(seal(DOC, ring), other)


def test_recovery_key_typed_as_the_passphrase_opens_too() -> None:
    ring, recovery = _ring()
    assert recovery is not None
    assert unlock(seal(DOC, ring), passphrase=recovery)[0] == DOC
    other = envelope.new_recovery_key()
    with pytest.raises(WrongPassphrase):
        unlock(seal(DOC, ring), passphrase=other)


@pytest.mark.parametrize("at", range(len(MAGIC)))
def test_a_changed_signature_byte_is_damage_not_a_plain_file(at: int) -> None:
    ring, _ = _ring()
    raw = bytearray(seal(DOC, ring))
    raw[at] ^= 0x10
    assert envelope.damaged_signature(bytes(raw)) and envelope.is_locked(bytes(raw))
    with pytest.raises(DamagedEnvelope):
        unlock(bytes(raw), passphrase="correct horse")


def test_a_wholly_rewritten_signature_is_known_by_the_header_after_it() -> None:
    ring, _ = _ring()
    raw = b"X" * len(MAGIC) + seal(DOC, ring)[len(MAGIC) :]
    assert envelope.is_locked(raw)
    with pytest.raises(DamagedEnvelope):
        unlock(raw, passphrase="correct horse")
    assert not envelope.is_locked(b"X" * len(MAGIC) + b"\x01\x00\x05" + b"\x00" * 60)
    assert not envelope.is_locked(b'{"_meta": {"1": {"schema": 9}}}\r\n')


def test_the_header_says_whether_a_recovery_key_opens_it_without_the_passphrase() -> None:
    assert envelope.recovery_key_in_header(seal(DOC, _ring()[0])) is True
    assert envelope.recovery_key_in_header(seal(DOC, _ring(recovery=False)[0])) is False
    assert envelope.recovery_key_in_header(DOC) is None


def test_a_recovery_key_typed_as_the_passphrase_of_a_workbook_without_one_is_said_plainly() -> (
    None
):
    ring, _ = _ring(recovery=False)
    with pytest.raises(WrongRecoveryKey) as caught:
        unlock(seal(DOC, ring), passphrase=envelope.new_recovery_key())
    assert not caught.value.has_slot
    with pytest.raises(WrongPassphrase):  # an ordinary wrong passphrase is still just wrong
        unlock(seal(DOC, ring), passphrase="correct horses")
