// als-adapter rules: the catalogue.
#include <cstdio>

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "als/guideline/catalogue_document.h"
#include "als/guideline/rule.h"
#include "commands.h"

namespace als::cli {
namespace {
constexpr char kRulesUsage[] = "usage: als-adapter rules [--format text|json|markdown]\n";
}  // namespace

int RunRules(const std::vector<std::string>& args) {
  std::string format = "text";
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--format" && i + 1 < args.size()) {
      format = args[++i];
    } else if (args[i] == "--help" || args[i] == "-h") {
      std::fputs(kRulesUsage, stdout);
      return kExitOk;
    } else {
      return UsageError("unknown argument '" + args[i] + "'", kRulesUsage);
    }
  }
  if (format == "json") {
    rapidjson::StringBuffer buffer;
    rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
    w.StartArray();
    for (const guideline::Rule* rule : guideline::Catalogue()) {
      const guideline::RuleInfo& info = rule->info;
      w.StartObject();
      w.Key("id"); w.String(info.id);
      w.Key("number"); w.String(info.number);
      w.Key("domain"); w.String(guideline::DomainName(info.domain));
      w.Key("output"); w.String(info.output);
      w.Key("priority"); w.String(guideline::PriorityName(info.priority));
      w.Key("title"); w.String(info.title);
      w.Key("trigger"); w.String(info.trigger);
      w.Key("citation"); w.String(info.citation);
      w.Key("parameters");
      w.StartObject();
      for (const auto& p : info.parameters) {
        w.Key(p.name);
        w.Double(p.default_value);
      }
      w.EndObject();
      w.EndObject();
    }
    w.EndArray();
    std::printf("%s\n", buffer.GetString());
    return kExitOk;
  }
  if (format == "markdown") {
    std::fputs(guideline::CatalogueMarkdown().c_str(), stdout);
    return kExitOk;
  }
  if (format != "text") return UsageError("--format must be text, json or markdown", kRulesUsage);
  std::printf("%-4s  %-32s  %-29s  %-24s  %-8s  %s\n", "no.", "id", "domain", "output", "priority", "citation");
  for (const guideline::Rule* rule : guideline::Catalogue()) {
    const guideline::RuleInfo& info = rule->info;
    std::printf("%-4s  %-32s  %-29s  %-24s  %-8s  %s\n", info.number.c_str(), info.id.c_str(),
                guideline::DomainName(info.domain), info.output.c_str(), guideline::PriorityName(info.priority),
                info.citation.c_str());
  }
  std::printf("%zu rules\n", guideline::Catalogue().size());
  return kExitOk;
}

}  // namespace als::cli
