"""Channel transports: leaf modules that send one message and import no models.

The allauth adapter calls the WhatsApp transport directly for login and verification codes, which are
never stored in the outbox; the outbox task calls the same functions for Notification rows.
"""


class TransportError(Exception):
    """A channel could not deliver a message.

    `final`: sending the same message again cannot work (a bad number, a missing template, an expired
    token); otherwise a later try may. `answer_lost`: the request went out but no answer came back, so
    the message may have been delivered. `code`: the channel's own error code, when it gave one.
    """

    def __init__(self, message: str, *, final: bool = False, answer_lost: bool = False, code=None):
        super().__init__(message)
        self.final = final
        self.answer_lost = answer_lost
        self.code = code
