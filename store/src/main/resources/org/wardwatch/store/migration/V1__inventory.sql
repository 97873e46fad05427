-- wardwatch store, version 1: the device inventory with its evidence.
-- Portable SQL: the same file runs on SQLite (embedded) and PostgreSQL (server).
-- Times are ISO-8601 UTC text (sortable); the whole device record, evidence included, is the JSON in doc.

CREATE TABLE analysis_run (
    id           VARCHAR(64)  NOT NULL PRIMARY KEY,
    started_at   VARCHAR(40)  NOT NULL,
    finished_at  VARCHAR(40),
    inputs       TEXT,
    devices      INTEGER      NOT NULL DEFAULT 0
);

CREATE TABLE device (
    id             VARCHAR(128) NOT NULL PRIMARY KEY,
    first_seen     VARCHAR(40),
    last_seen      VARCHAR(40),
    hostname       VARCHAR(255),
    category       VARCHAR(64),
    criticality    VARCHAR(32)  NOT NULL,
    vendor         VARCHAR(200),
    model          VARCHAR(200),
    os             VARCHAR(200),
    firmware       VARCHAR(200),
    serial         VARCHAR(200),
    confidence     DOUBLE PRECISION NOT NULL DEFAULT 0,
    layer3_only    BOOLEAN      NOT NULL,
    randomized_mac BOOLEAN      NOT NULL,
    doc            TEXT         NOT NULL,
    updated_at     VARCHAR(40)  NOT NULL,
    updated_by_run VARCHAR(64)
);
CREATE INDEX device_category ON device (category);
CREATE INDEX device_vendor ON device (vendor);
CREATE INDEX device_last_seen ON device (last_seen);

CREATE TABLE device_mac (
    mac       VARCHAR(17)  NOT NULL PRIMARY KEY,
    device_id VARCHAR(128) NOT NULL REFERENCES device (id) ON DELETE CASCADE
);
CREATE INDEX device_mac_device ON device_mac (device_id);

CREATE TABLE device_address (
    device_id  VARCHAR(128) NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    ip         VARCHAR(45)  NOT NULL,
    vlan       INTEGER      NOT NULL,
    first_seen VARCHAR(40),
    last_seen  VARCHAR(40),
    PRIMARY KEY (device_id, ip, vlan)
);
CREATE INDEX device_address_ip ON device_address (ip);
