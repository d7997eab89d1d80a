"""Email backends for tests."""

import smtplib

from django.core.mail.backends import locmem


class RefusingBackend(locmem.EmailBackend):
    """Like locmem (mail.outbox), but the mail server refuses these addresses."""

    refused = {"broken@example.org"}

    def send_messages(self, messages):
        for message in messages:
            refused = set(message.recipients()) & self.refused
            if refused:
                raise smtplib.SMTPRecipientsRefused(
                    {address: (550, b"No such mailbox") for address in refused}
                )
        return super().send_messages(messages)
