"""LimeSurvey's answers, as eCandidat stores them in its forms' tables."""
