#ifndef CSQLITESETUP_H
#define CSQLITESETUP_H

/// Turns off SQLite's memory statistics (`SQLITE_CONFIG_MEMSTATUS`), which take a global mutex
/// around every allocation SQLite makes. Only effective before SQLite is first used in the
/// process; returns SQLite's result code (SQLITE_MISUSE when it is too late, which is harmless).
/// `sqlite3_config` is variadic, so Swift cannot call it directly.
int bourse_sqlite_disable_memory_statistics(void);

/// Turns on URI file names (`SQLITE_CONFIG_URI`), which a read of a read-only database needs
/// (`file:…?immutable=1`). Only effective before SQLite is first used in the process.
int bourse_sqlite_enable_uri_filenames(void);

/// Whether file names given to `sqlite3_open_v2` are read as URIs: SQLite was built with
/// SQLITE_USE_URI (Debian's and Apple's are), or `bourse_sqlite_enable_uri_filenames` was in time.
int bourse_sqlite_uri_filenames(void);

#endif
