// The human-readable catalogue (docs/rules.md), generated from the code so it
// cannot drift: `als-adapter rules --format markdown`.
#ifndef ALS_GUIDELINE_CATALOGUE_DOCUMENT_H_
#define ALS_GUIDELINE_CATALOGUE_DOCUMENT_H_

#include <string>

namespace als::guideline {

std::string CatalogueMarkdown();

}  // namespace als::guideline

#endif  // ALS_GUIDELINE_CATALOGUE_DOCUMENT_H_
