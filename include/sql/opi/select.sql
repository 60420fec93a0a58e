-- The candidates BATCH_ASYNC_OPI sends (eCandidat's CandidatRepository.findOpi / findOpiJournee):
-- those of the active campaign with a pending OPI, oldest pending OPI first, at most %(limit)s of
-- them; with %(with_today)s (Pégase, whose day files are rewritten), also every candidate with an
-- OPI passed today, whatever the limit. Numbered 1..n in that order.
INSERT INTO tmp_opi_candidat (id_candidat, rang)
SELECT
    r.id_candidat,
    row_number() OVER (ORDER BY r.pending DESC, r.oldest ASC, r.id_candidat ASC) AS rang
FROM (
    SELECT
        g.id_candidat,
        g.pending,
        g.oldest,
        g.passed_today,
        row_number() OVER (ORDER BY g.pending DESC, g.oldest ASC, g.id_candidat ASC) AS pending_rank
    FROM (
        SELECT
            ca.id_candidat,
            max(CASE WHEN o.dat_passage_opi IS NULL THEN 1 ELSE 0 END) AS pending,
            min(CASE WHEN o.dat_passage_opi IS NULL THEN o.dat_cre_opi END) AS oldest,
            max(CASE WHEN o.dat_passage_opi >= %(today)s THEN 1 ELSE 0 END) AS passed_today
        FROM opi AS o
        INNER JOIN candidature AS ca ON o.id_cand = ca.id_cand
        INNER JOIN candidat AS c ON ca.id_candidat = c.id_candidat
        INNER JOIN compte_minima AS m ON c.id_cpt_min = m.id_cpt_min
        WHERE
            m.id_camp = %(id_camp)s
            AND (o.dat_passage_opi IS NULL OR (%(with_today)s AND o.dat_passage_opi >= %(today)s))
        GROUP BY ca.id_candidat
    ) AS g
) AS r
WHERE (r.pending = 1 AND r.pending_rank <= %(limit)s) OR r.passed_today = 1;

SELECT count(*) AS candidats, coalesce(max(rang), 0) AS dernier FROM tmp_opi_candidat;
