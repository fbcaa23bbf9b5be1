package escriba;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

/**
 * Validates each FHIR R4 JSON file named on the command line with HAPI's instance validator (the
 * HL7 validator core) and its bundled R4 definitions, offline: no terminology server, so LOINC,
 * SNOMED CT and ICD-10 codes are not looked up (HAPI says so as information or warnings), while
 * FHIR's own code systems, UCUM and language tags are checked. Prints one line per issue,
 * "SEVERITY<TAB>file<TAB>location<TAB>message", then a summary line; exits 1 if any file has an error.
 */
public final class ValidateFhir {
  public static void main(String[] args) throws Exception {
    FhirContext context = FhirContext.forR4();
    ValidationSupportChain chain = new ValidationSupportChain(
        new DefaultProfileValidationSupport(context),
        new CommonCodeSystemsTerminologyService(context),
        new InMemoryTerminologyServerValidationSupport(context),
        new SnapshotGeneratingValidationSupport(context));
    FhirInstanceValidator module = new FhirInstanceValidator(chain);
    FhirValidator validator = context.newValidator().registerValidatorModule(module);

    int errors = 0;
    int warnings = 0;
    for (String file : args) {
      String json = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      ValidationResult result = validator.validateWithResult(json);
      for (SingleValidationMessage message : result.getMessages()) {
        ResultSeverityEnum severity = message.getSeverity();
        if (severity == ResultSeverityEnum.ERROR || severity == ResultSeverityEnum.FATAL) errors++;
        if (severity == ResultSeverityEnum.WARNING) warnings++;
        System.out.println(severity + "\t" + file + "\t" + message.getLocationString() + "\t" + message.getMessage());
      }
    }
    String version = ca.uhn.fhir.util.VersionUtil.getVersion();
    System.out.println("SUMMARY\tHAPI FHIR " + version + "\t" + args.length + " files\t" + errors + " errors\t" + warnings + " warnings");
    System.exit(errors > 0 ? 1 : 0);
  }
}
