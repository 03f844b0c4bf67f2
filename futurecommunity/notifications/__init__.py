"""In-app inbox and the e-mail/SMS outbox, sent by a scheduled command with retries."""
