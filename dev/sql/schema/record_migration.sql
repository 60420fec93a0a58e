INSERT INTO ecandidat_batches_migration (version, name, checksum) VALUES (%(version)s, %(name)s, %(checksum)s)
