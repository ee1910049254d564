#ifndef CSQLITESETUP_H
#define CSQLITESETUP_H

/// Turns off SQLite's memory statistics (`SQLITE_CONFIG_MEMSTATUS`), which take a global mutex
/// around every allocation SQLite makes. Only effective before SQLite is first used in the
/// process; returns SQLite's result code (SQLITE_MISUSE when it is too late, which is harmless).
/// `sqlite3_config` is variadic, so Swift cannot call it directly.
int bourse_sqlite_disable_memory_statistics(void);

#endif
