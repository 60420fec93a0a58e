SELECT checksum FROM ecandidat_batches_migration WHERE version = %(version)s
