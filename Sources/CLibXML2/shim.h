#ifndef BOURSE_CLIBXML2_SHIM_H
#define BOURSE_CLIBXML2_SHIM_H
// The system ICU headers libxml2 pulls in clash with the ICU that Foundation carries.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>

// libxml2 prints a few errors in English on stderr through its generic handler rather than the
// parser's structured one (in 2.9: bytes its decoder rejects, such as UTF-16 with a broken
// surrogate pair); the reader reports those itself, in French. Swift cannot write the variadic
// handler, hence these two helpers. libxml2 keeps the handler per thread.
static inline void bourse_xml_ignore_generic_error(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

// Silences libxml2's generic error output on the calling thread.
static inline void bourse_xml_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, bourse_xml_ignore_generic_error);
}

// Gives the calling thread libxml2's default generic error output back.
static inline void bourse_xml_restore_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, NULL);
}
#endif
