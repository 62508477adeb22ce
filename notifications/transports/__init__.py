"""Channel transports: leaf modules that send one message and import no models.

The allauth adapter calls the WhatsApp transport directly for login and verification codes, which are
never stored in the outbox; the outbox task calls the same functions for Notification rows.
"""


class TransportError(Exception):
    """A channel could not deliver a message; sending it again later may work."""
