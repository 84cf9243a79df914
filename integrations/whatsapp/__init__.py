"""WhatsApp Cloud API client: message bodies, and the backends that send them.

Imports no app of the project; configuration is passed in.
"""
