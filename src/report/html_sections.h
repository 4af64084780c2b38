// The sections of an HTML or Markdown report, one builder per saved output
// (the `--json` of simulate, cost, plan, load and calibrate; docs/OUTPUT.md has their
// schemas). Each reads the JSON, not the structs, so `stackplan report` can
// join files saved by earlier runs exactly as `--html` renders a fresh one.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "report/html_document.h"

namespace stackplan::report::html {

// Reading and formatting shared by the builders.
// doc[key], or null when doc is not an object or has no such key.
const nlohmann::json& field(const nlohmann::json& doc, const char* key);
double number(const nlohmann::json& value);      // a number, or a decimal string ("29.5504")
std::string count(const nlohmann::json& value);  // 12,345
std::string fixed(const nlohmann::json& value, int decimals);
std::string usd(const nlohmann::json& value);  // $1,234.56
// 12.34 ms; from 10 s up as the text output writes durations ("13m 58s"),
// where the digits of milliseconds would be noise.
std::string ms(const nlohmann::json& value);
std::string seconds(const nlohmann::json& value);  // 59.89s, 13m 27s, 1h 02m
// A string as it is, null as `absent`, any other value as its JSON text: for
// fields that may hold text or a figure (a target's limit, a fitted value).
std::string text_of(const nlohmann::json& value, const std::string& absent = "-");

// `explanation`, when not empty, is explain's plain-text account of the
// scenario (available when the scenario itself is at hand, not from JSON).
DocSection simulate_section(const nlohmann::json& sim, const std::string& explanation);
DocSection replications_section(const nlohmann::json& sim);
DocSection cost_section(const nlohmann::json& cost);
DocSection plan_section(const nlohmann::json& plan);
DocSection load_section(const nlohmann::json& load);
DocSection calibrate_section(const nlohmann::json& calibrate);

}  // namespace stackplan::report::html
