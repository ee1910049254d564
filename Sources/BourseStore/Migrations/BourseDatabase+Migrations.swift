import GRDB

extension BourseDatabase {
    /// Named, append-only migrations: never edit one that has landed, add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-inventaires") { db in
            try db.execute(sql: """
                CREATE TABLE communes (
                    insee TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    postal_codes TEXT NOT NULL,
                    variants TEXT NOT NULL DEFAULT ''
                );
                CREATE TABLE sources (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('commune', 'bailleur', 'autre')),
                    commune_insee TEXT REFERENCES communes(insee),
                    created_at TEXT NOT NULL
                );
                CREATE TABLE inventories (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    source_id TEXT NOT NULL REFERENCES sources(id),
                    file_name TEXT NOT NULL,
                    file_path TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    byte_count INTEGER NOT NULL,
                    as_of TEXT NOT NULL,
                    imported_at TEXT NOT NULL,
                    format TEXT NOT NULL,
                    encoding TEXT,
                    delimiter TEXT,
                    header_line INTEGER,
                    records INTEGER NOT NULL DEFAULT 0,
                    accepted INTEGER NOT NULL DEFAULT 0,
                    rejected INTEGER NOT NULL DEFAULT 0,
                    added INTEGER NOT NULL DEFAULT 0,
                    changed INTEGER NOT NULL DEFAULT 0,
                    unchanged INTEGER NOT NULL DEFAULT 0,
                    withdrawn INTEGER NOT NULL DEFAULT 0,
                    reappeared INTEGER NOT NULL DEFAULT 0,
                    UNIQUE (source_id, sha256)
                );
                CREATE INDEX inventories_source_date ON inventories(source_id, as_of);
                CREATE TABLE premises (
                    id INTEGER PRIMARY KEY,
                    source_id TEXT NOT NULL REFERENCES sources(id),
                    commune_insee TEXT NOT NULL REFERENCES communes(insee),
                    reference TEXT NOT NULL,
                    address TEXT,
                    type TEXT NOT NULL,
                    type_label TEXT,
                    surface REAL NOT NULL CHECK (surface > 0),
                    rent_monthly REAL CHECK (rent_monthly >= 0),
                    rent_m2_year REAL CHECK (rent_m2_year >= 0),
                    rent_basis TEXT,
                    charges REAL,
                    market_rent REAL,
                    lease_kind TEXT,
                    lease_label TEXT,
                    available_from TEXT,
                    available_until TEXT,
                    floor INTEGER,
                    accessible INTEGER,
                    status TEXT NOT NULL CHECK (status IN ('disponible', 'reserve', 'attribue', 'retire')),
                    initial_status TEXT NOT NULL,
                    status_since TEXT NOT NULL,
                    contact TEXT,
                    remarks TEXT,
                    extra TEXT,
                    offered_on TEXT NOT NULL,
                    first_inventory_id INTEGER NOT NULL REFERENCES inventories(id),
                    last_inventory_id INTEGER NOT NULL REFERENCES inventories(id),
                    UNIQUE (source_id, commune_insee, reference)
                );
                CREATE TABLE premises_events (
                    id INTEGER PRIMARY KEY,
                    premises_id INTEGER NOT NULL REFERENCES premises(id),
                    date TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('statut', 'champ')),
                    field TEXT NOT NULL,
                    old_value TEXT,
                    new_value TEXT,
                    cause TEXT NOT NULL,
                    inventory_id INTEGER REFERENCES inventories(id),
                    recorded_at TEXT NOT NULL
                );
                CREATE INDEX premises_events_premises ON premises_events(premises_id, date);
                CREATE INDEX premises_events_date ON premises_events(date);
                CREATE TABLE import_rejects (
                    id INTEGER PRIMARY KEY,
                    inventory_id INTEGER NOT NULL REFERENCES inventories(id),
                    file_name TEXT NOT NULL,
                    line INTEGER NOT NULL,
                    field TEXT,
                    raw TEXT NOT NULL,
                    reason TEXT NOT NULL
                );
                CREATE INDEX import_rejects_inventory ON import_rejects(inventory_id);
                """)
        }
        migrator.registerMigration("v2-registres") { db in
            try db.execute(sql: """
                CREATE TABLE register_imports (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    kind TEXT NOT NULL CHECK (kind IN ('structures', 'besoins')),
                    file_name TEXT NOT NULL,
                    file_path TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    imported_at TEXT NOT NULL,
                    records INTEGER NOT NULL DEFAULT 0,
                    accepted INTEGER NOT NULL DEFAULT 0,
                    rejected INTEGER NOT NULL DEFAULT 0,
                    added INTEGER NOT NULL DEFAULT 0,
                    changed INTEGER NOT NULL DEFAULT 0,
                    unchanged INTEGER NOT NULL DEFAULT 0,
                    UNIQUE (kind, sha256)
                );
                CREATE TABLE structures (
                    id INTEGER PRIMARY KEY,
                    reference TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    siret TEXT,
                    legal_form TEXT NOT NULL,
                    legal_form_label TEXT,
                    sector TEXT NOT NULL,
                    sector_label TEXT,
                    jobs REAL CHECK (jobs >= 0),
                    laureate_year INTEGER,
                    contact TEXT,
                    commune_insee TEXT REFERENCES communes(insee),
                    remarks TEXT,
                    first_import_id INTEGER NOT NULL REFERENCES register_imports(id),
                    last_import_id INTEGER NOT NULL REFERENCES register_imports(id)
                );
                CREATE INDEX structures_siret ON structures(siret);
                CREATE TABLE needs (
                    id INTEGER PRIMARY KEY,
                    reference TEXT NOT NULL UNIQUE,
                    structure_id INTEGER NOT NULL REFERENCES structures(id),
                    surface_min REAL NOT NULL CHECK (surface_min > 0),
                    surface_max REAL NOT NULL CHECK (surface_max >= surface_min),
                    budget_monthly REAL,
                    budget_m2_year REAL,
                    communes TEXT NOT NULL DEFAULT '',
                    types TEXT NOT NULL DEFAULT '',
                    wanted_from TEXT,
                    min_duration_months INTEGER,
                    accessible_required INTEGER NOT NULL DEFAULT 0,
                    lease_kinds TEXT NOT NULL DEFAULT '',
                    requested_on TEXT,
                    status TEXT NOT NULL CHECK (status IN ('actif', 'satisfait', 'abandonne')),
                    remarks TEXT,
                    first_import_id INTEGER NOT NULL REFERENCES register_imports(id),
                    last_import_id INTEGER NOT NULL REFERENCES register_imports(id)
                );
                CREATE INDEX needs_structure ON needs(structure_id);
                CREATE TABLE register_events (
                    id INTEGER PRIMARY KEY,
                    entity TEXT NOT NULL CHECK (entity IN ('structure', 'besoin')),
                    entity_id INTEGER NOT NULL,
                    date TEXT NOT NULL,
                    field TEXT NOT NULL,
                    old_value TEXT,
                    new_value TEXT,
                    cause TEXT NOT NULL,
                    import_id INTEGER REFERENCES register_imports(id),
                    recorded_at TEXT NOT NULL
                );
                CREATE INDEX register_events_entity ON register_events(entity, entity_id);
                CREATE TABLE register_rejects (
                    id INTEGER PRIMARY KEY,
                    import_id INTEGER NOT NULL REFERENCES register_imports(id),
                    file_name TEXT NOT NULL,
                    line INTEGER NOT NULL,
                    field TEXT,
                    raw TEXT NOT NULL,
                    reason TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v3-appariements") { db in
            try db.execute(sql: """
                CREATE TABLE rounds (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    date TEXT NOT NULL,
                    run_at TEXT NOT NULL,
                    strategy TEXT NOT NULL,
                    seed INTEGER NOT NULL,
                    parameters TEXT NOT NULL,
                    input_hash TEXT NOT NULL,
                    needs INTEGER NOT NULL,
                    premises INTEGER NOT NULL,
                    proposals INTEGER NOT NULL,
                    total_score REAL NOT NULL,
                    preferences TEXT NOT NULL,
                    unmatched TEXT NOT NULL
                );
                CREATE TABLE proposals (
                    id INTEGER PRIMARY KEY,
                    round_id INTEGER NOT NULL REFERENCES rounds(id),
                    need_id INTEGER NOT NULL REFERENCES needs(id),
                    premises_id INTEGER NOT NULL REFERENCES premises(id),
                    score REAL NOT NULL,
                    need_rank INTEGER NOT NULL,
                    UNIQUE (round_id, need_id),
                    UNIQUE (round_id, premises_id)
                );
                CREATE TABLE placements (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    need_id INTEGER NOT NULL REFERENCES needs(id),
                    structure_id INTEGER NOT NULL REFERENCES structures(id),
                    premises_id INTEGER NOT NULL REFERENCES premises(id),
                    date TEXT NOT NULL,
                    rent_monthly REAL,
                    round_id INTEGER REFERENCES rounds(id),
                    recorded_at TEXT NOT NULL
                );
                CREATE INDEX placements_date ON placements(date);
                """)
        }
        migrator.registerMigration("v4-rapports") { db in
            // The reports replay every premises' status and surface changes in order: this partial
            // covering index hands them over in that order without reading the events table
            // (Scripts/bench-reports.sh: 10 years of monthly inventories for 100,000 premises).
            try db.execute(sql: """
                CREATE INDEX premises_events_history ON premises_events(premises_id, date, id, field, old_value, new_value)
                WHERE field IN ('statut', 'surface');
                """)
        }
        // A round's ranked lists, compact: one row per need and per premises with candidates,
        // positions and scores packed in BLOBs (see `RoundListCodec`), instead of one JSON text in
        // `rounds.preferences` (kept for the rounds stored before; empty for the new ones).
        migrator.registerMigration("v5-listes-de-tour") { db in
            try db.execute(sql: """
                ALTER TABLE rounds ADD COLUMN need_index TEXT;
                ALTER TABLE rounds ADD COLUMN premises_index TEXT;
                CREATE TABLE round_lists (
                    round_id INTEGER NOT NULL REFERENCES rounds(id),
                    side INTEGER NOT NULL,
                    owner INTEGER NOT NULL,
                    members BLOB NOT NULL,
                    scores BLOB NOT NULL,
                    PRIMARY KEY (round_id, side, owner)
                );
                """)
        }
        // The premises' unique key led by the reference instead of the source: each new premises
        // inserts one entry in that index, and with the source first, every comparison of the
        // B-tree's search went through the two equal leading texts (source, commune) before
        // reaching the one that differs; led by the reference, most comparisons end on the first
        // field (measured in BENCHMARKS.md, seventh session). The premises of a source, which the import counts and
        // withdraws, get an index of their own (the old key's prefix served them).
        //
        // SQLite cannot change a UNIQUE constraint in place: the table is made again with the same
        // columns in the same order and the same ids (the events, placements and proposals refer
        // to them). GRDB runs this migration with foreign keys off and checks them all after it.
        migrator.registerMigration("v6-cle-des-locaux") { db in
            try db.execute(sql: """
                CREATE TABLE premises_v6 (
                    id INTEGER PRIMARY KEY,
                    source_id TEXT NOT NULL REFERENCES sources(id),
                    commune_insee TEXT NOT NULL REFERENCES communes(insee),
                    reference TEXT NOT NULL,
                    address TEXT,
                    type TEXT NOT NULL,
                    type_label TEXT,
                    surface REAL NOT NULL CHECK (surface > 0),
                    rent_monthly REAL CHECK (rent_monthly >= 0),
                    rent_m2_year REAL CHECK (rent_m2_year >= 0),
                    rent_basis TEXT,
                    charges REAL,
                    market_rent REAL,
                    lease_kind TEXT,
                    lease_label TEXT,
                    available_from TEXT,
                    available_until TEXT,
                    floor INTEGER,
                    accessible INTEGER,
                    status TEXT NOT NULL CHECK (status IN ('disponible', 'reserve', 'attribue', 'retire')),
                    initial_status TEXT NOT NULL,
                    status_since TEXT NOT NULL,
                    contact TEXT,
                    remarks TEXT,
                    extra TEXT,
                    offered_on TEXT NOT NULL,
                    first_inventory_id INTEGER NOT NULL REFERENCES inventories(id),
                    last_inventory_id INTEGER NOT NULL REFERENCES inventories(id),
                    UNIQUE (reference, commune_insee, source_id)
                );
                INSERT INTO premises_v6 SELECT * FROM premises ORDER BY id;
                DROP TABLE premises;
                ALTER TABLE premises_v6 RENAME TO premises;
                CREATE INDEX premises_source ON premises(source_id);
                """)
        }
        migrator.registerMigration("v7-entrees-des-tours") { db in
            // A round keeps its inputs as the matching read them (`RoundInputEncoding`), so that
            // its proposals are explained later with the numbers of the day; the rounds stored
            // before keep the fingerprint of Swift's printed form, marked as such.
            try db.execute(sql: """
                ALTER TABLE rounds ADD COLUMN fingerprint_kind TEXT NOT NULL DEFAULT 'texte-swift';
                CREATE TABLE round_inputs (
                    round_id INTEGER NOT NULL REFERENCES rounds(id),
                    side INTEGER NOT NULL CHECK (side IN (0, 1)),
                    key TEXT NOT NULL,
                    bytes BLOB NOT NULL,
                    PRIMARY KEY (round_id, side, key)
                );
                """)
        }
        migrator.registerMigration("v8-portail") { db in
            // The portal's accounts, its sessions (kept here so that a restart signs nobody out)
            // and the audit log of who did what. Passwords are bcrypt hashes, never the text.
            try db.execute(sql: """
                CREATE TABLE accounts (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('direction', 'commune', 'bailleur')),
                    source_id TEXT REFERENCES sources(id),
                    password_hash TEXT NOT NULL,
                    disabled INTEGER NOT NULL DEFAULT 0,
                    created_at TEXT NOT NULL,
                    password_changed_at TEXT NOT NULL,
                    CHECK ((role = 'direction') = (source_id IS NULL))
                );
                CREATE TABLE portal_sessions (
                    key TEXT PRIMARY KEY NOT NULL,
                    value BLOB NOT NULL,
                    expires_at REAL
                );
                CREATE TABLE audit_log (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    account_email TEXT,
                    address TEXT,
                    action TEXT NOT NULL,
                    detail TEXT NOT NULL DEFAULT ''
                );
                """)
        }
        return migrator
    }
}
