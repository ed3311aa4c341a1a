// Accuracy of the parser against the hand annotations in corpus/expected/:
// per field, how many of the annotated items the parser found (recall) and
// how many of the items it found are right (precision). Items are compared
// as strings built from the fields that matter, so one wrong party letter
// makes an attendee wrong.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace paragraf {

struct FieldScore {
  int gold = 0;       // items in the annotation
  int predicted = 0;  // items the parser gave
  int correct = 0;    // items in both
  double precision() const { return predicted == 0 ? 1.0 : double(correct) / predicted; }
  double recall() const { return gold == 0 ? 1.0 : double(correct) / gold; }
  double f1() const {
    const double p = precision(), r = recall();
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
  }
  void Add(const FieldScore& other) {
    gold += other.gold;
    predicted += other.predicted;
    correct += other.correct;
  }
};

// The fields scored, in the order tools/score prints them.
const std::vector<std::string>& ScoredFields();

// Scores one document: `parsed` is ToJson of the parser's Document, `gold`
// the annotation (same JSON contract).
std::map<std::string, FieldScore> ScoreDocument(const nlohmann::json& parsed,
                                                const nlohmann::json& gold);

}  // namespace paragraf
