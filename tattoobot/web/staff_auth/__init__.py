"""Staff sign-in: the lock-out after failed logins (django-axes) and the optional second factor
(django-otp: an authenticator app, with single-use recovery codes). docs/security.md "Staff sign-in"."""
