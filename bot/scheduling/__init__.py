"""The weekly rhythm: plan posts into the outbox, wake when one is due, deliver it once."""
