"""Where eCandidat's attachment files live: file system roots and CMIS."""
