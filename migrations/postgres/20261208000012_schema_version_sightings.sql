-- When Tributary first saw each schema version of each source: registries do not say
-- when a version was registered, and this moment (at or after it) dates the records of
-- the version before it ("held until the next version's registration plus retention").
-- Written once per version; never updated. Times are Unix ms.
CREATE TABLE schema_version_sightings (
    source         TEXT NOT NULL,
    subject        TEXT NOT NULL,
    version        BIGINT NOT NULL,
    schema_id      BIGINT NOT NULL,
    first_seen_ms  BIGINT NOT NULL,
    PRIMARY KEY (source, subject, version)
);
