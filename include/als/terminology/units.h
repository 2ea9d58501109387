// UCUM unit normalisation for the measurements the rules read. A unit that is
// not listed is reported, never guessed.
#ifndef ALS_TERMINOLOGY_UNITS_H_
#define ALS_TERMINOLOGY_UNITS_H_

#include <string_view>

#include "als/common/result.h"
#include "als/fhir/datatypes.h"

namespace als::terminology {

// Converts `quantity` to the canonical UCUM unit `target` ("%", "L", "kg", "cm",
// "kg/m2", "U/L", "mg/dL", "10*9/L", "cm[H2O]", "mm[Hg]", "L/min", "Cel", "min",
// "{score}"). The quantity's unit is its UCUM code when the system is UCUM (or
// absent), else its unit text; a few unambiguous spellings EHRs send are
// accepted ("lb", "IU/L", "mmHg", "cmH2O"). Errors (code kInvalidData, empty
// location) name the unit and what was expected.
Result<double> ConvertToUnit(const fhir::QuantityView& quantity, std::string_view target);

}  // namespace als::terminology

#endif  // ALS_TERMINOLOGY_UNITS_H_
