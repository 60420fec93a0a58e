"""eCandidat's admission letter (PDF), made from the university's own Word templates.

:mod:`.document` fills a template in eCandidat's format (MERGEFIELDs holding Velocity, XDocReport's
rules), :mod:`.converter` turns it into PDF with LibreOffice, :mod:`.protection` protects and signs the
PDF as eCandidat's ``PdfManager``, and :mod:`.admission` holds eCandidat's rules: which candidature
gets a letter, its values, its template, its file name (the mails' delivery attaches it).
"""
