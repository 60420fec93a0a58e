"""eCandidat's database: connecting, dialects, SQL files, schema pre-flight, transactions, ``parametre``."""
