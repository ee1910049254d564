#include <sqlite3.h>
#include "CSQLiteSetup.h"

int bourse_sqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int uri_filenames_configured = 0;

int bourse_sqlite_enable_uri_filenames(void) {
    int result = sqlite3_config(SQLITE_CONFIG_URI, 1);
    if (result == SQLITE_OK) {
        uri_filenames_configured = 1;
    }
    return result;
}

int bourse_sqlite_uri_filenames(void) {
    return uri_filenames_configured || sqlite3_compileoption_used("USE_URI");
}
