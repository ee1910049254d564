#ifndef BOURSE_CLIBXML2_SHIM_H
#define BOURSE_CLIBXML2_SHIM_H
// The system ICU headers libxml2 pulls in clash with the ICU that Foundation carries.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#endif
