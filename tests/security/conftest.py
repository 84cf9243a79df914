from tests.payments.conftest import approved  # noqa: F401  (fixture)
