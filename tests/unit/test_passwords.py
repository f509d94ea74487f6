from argon2 import extract_parameters

from crm import create_app
from crm.auth.passwords import hash_password, needs_rehash, verify_password


def test_production_hashes_with_argon2id_and_strong_parameters():
    app = create_app({"BONDGENOOT_ENV": "production", "SECRET_KEY": "x" * 32}, SQLALCHEMY_DATABASE_URI="sqlite://")
    with app.app_context():
        hashed = hash_password("een zin als wachtwoord")
        params = extract_parameters(hashed)
        assert hashed.startswith("$argon2id$")
        assert params.memory_cost >= 64 * 1024 and params.time_cost >= 3
        assert verify_password(hashed, "een zin als wachtwoord")
        assert not verify_password(hashed, "een ander wachtwoord")
        assert not verify_password(None, "wat dan ook")
        assert not verify_password("geen-hash", "wat dan ook")
        assert not needs_rehash(hashed)
