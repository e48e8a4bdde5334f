"""Developer accounts: sign-up, sign-in, password reset and the applications they register."""
