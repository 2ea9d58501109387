#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "als/guideline/catalogue_document.h"
#include "als/guideline/rule.h"

namespace als::guideline {
namespace {

TEST_CASE("Catalogue entries are complete and unique", "[catalogue]") {
  std::set<std::string> ids, numbers;
  for (const Rule* rule : Catalogue()) {
    const RuleInfo& info = rule->info;
    INFO(info.id);
    CHECK(std::regex_match(info.id, std::regex("[a-z0-9]+(-[a-z0-9]+)*")));
    CHECK(std::regex_match(info.number, std::regex("R[0-9]{2}")));
    CHECK(ids.insert(info.id).second);
    CHECK(numbers.insert(info.number).second);
    CHECK_FALSE(info.title.empty());
    CHECK_FALSE(info.trigger.empty());
    // Every rule cites its seed file, or says it is an extension rule with no seed basis.
    CHECK((info.citation.find(".txt") != std::string::npos || info.citation.find("xtension") != std::string::npos));
    CHECK(rule->evaluate != nullptr);
  }
}

TEST_CASE("Catalogue is in rules.md order", "[catalogue]") {
  std::string previous;
  for (const Rule* rule : Catalogue()) {
    CHECK(rule->info.number > previous);
    previous = rule->info.number;
  }
}

TEST_CASE("docs/rules.md is the generated catalogue (regenerate when this fails)", "[catalogue]") {
  std::ifstream in(std::string(ALS_SOURCE_DIR) + "/docs/rules.md");
  std::stringstream text;
  text << in.rdbuf();
  INFO("run: build/als-adapter rules --format markdown > docs/rules.md");
  CHECK(text.str() == CatalogueMarkdown());
}

}  // namespace
}  // namespace als::guideline
