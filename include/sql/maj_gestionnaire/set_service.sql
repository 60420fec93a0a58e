-- Out of service (not found in the directory) or back in service (found, unchanged).
UPDATE individu SET tes_ind = %(tes)s
WHERE login_ind IN %(logins)s;
