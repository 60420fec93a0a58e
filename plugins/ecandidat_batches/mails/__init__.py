"""eCandidat's mails: templates, candidature mails, the outbox journal, sending, the failure notifier."""
