"""Operators that wrap the external systems (LimeSurvey, the SI Scolarité, Apogée's OPI services,
SMTP), shaped like the providers': connection ids as templated arguments, the hook built lazily,
``execute`` returning the batch's summary (its XCom)."""
