// Laws are chosen by name from an input table (law = "empirical"). A registry maps each name of
// one family (densification, grain growth, ...) to a one-line description and to the function
// that reads the law's parameters. Adding a law is one class and one registry entry; solvers do
// not change.
#pragma once

#include "core/input.hpp"
#include "core/provenance.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace kiln {

struct LawInfo {
  std::string name;
  std::string description;
};

template <class Law>
class LawRegistry {
 public:
  using Factory = std::function<std::unique_ptr<Law>(const InputTable&, Provenance&)>;
  struct Entry {
    std::string description;
    Factory make;
  };

  LawRegistry(std::string family, std::map<std::string, Entry> entries)
      : family_(std::move(family)), entries_(std::move(entries)) {}

  std::vector<LawInfo> laws() const {
    std::vector<LawInfo> out;
    for (const auto& [name, entry] : entries_) out.push_back({name, entry.description});
    return out;
  }

  // Builds the law named by table.law, reading its parameters (recorded with the table's source);
  // every other key of the table is an error.
  std::unique_ptr<Law> make(const InputTable& table, Provenance& provenance) const {
    std::vector<std::string> names;
    for (const auto& [name, entry] : entries_) names.push_back(name);
    const std::string law = table.choice("law", names, "a " + family_ + " law");
    auto result = entries_.at(law).make(table, provenance);
    table.check_unknown_keys();
    return result;
  }

 private:
  std::string family_;
  std::map<std::string, Entry> entries_;
};

}  // namespace kiln
