"""Passwords are hashed with Argon2id; verifying is constant in shape for unknown users."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from catalogue.auth import passwords


def test_a_hash_is_argon2id_salted_and_verifies_only_the_right_password() -> None:
    first = passwords.hash_password("correct horse battery staple")
    second = passwords.hash_password("correct horse battery staple")
    assert first.startswith("$argon2id$")
    assert first != second  # salted
    assert "correct horse" not in first
    assert passwords.verify_password(first, "correct horse battery staple")
    assert not passwords.verify_password(first, "correct horse battery stapl")
    assert not passwords.verify_password(first, "")


def test_unknown_users_and_broken_hashes_never_verify() -> None:
    assert not passwords.verify_password(None, "anything at all here")
    assert not passwords.verify_password("not a hash", "anything at all here")
    assert not passwords.verify_password(passwords.hash_password("x" * 12), "x" * 5000)


@pytest.mark.parametrize("weak", ["", "short", "elevenchars"])
def test_short_passwords_are_refused(weak: str) -> None:
    with pytest.raises(passwords.WeakPassword, match="at least 12"):
        passwords.hash_password(weak)


def test_a_hash_made_with_weaker_parameters_needs_rehashing() -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("correct horse battery")
    assert passwords.verify_password(weak, "correct horse battery")
    assert passwords.needs_rehash(weak)
    assert not passwords.needs_rehash(passwords.hash_password("correct horse battery"))
