"""Operators that wrap the external systems (LimeSurvey; SI Scolarité and OPI to come), shaped like the
providers': connection ids as templated arguments, the hook built lazily, ``execute`` returning the
batch's summary (its XCom)."""
