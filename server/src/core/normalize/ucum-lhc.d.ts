// Types for the parts of @lhncbc/ucum-lhc that CaseMark uses (the package ships none).
declare module '@lhncbc/ucum-lhc' {
  export interface UcumSuggestion {
    msg: string;
    invalidUnit: string;
    /** [code, name, guidance] per suggested unit. */
    units: [string, string, string | null][];
  }
  export interface UcumValidation {
    status: 'valid' | 'invalid' | 'error';
    ucumCode: string | null;
    msg: string[];
    suggestions?: UcumSuggestion[];
  }
  export interface UcumConversion {
    status: 'succeeded' | 'failed' | 'error';
    toVal: number | null;
    msg: string[];
  }
  export interface UcumLhcUtils {
    validateUnitString(unit: string, suggest?: boolean, valConv?: 'validate' | 'convert'): UcumValidation;
    convertUnitTo(
      from: string,
      value: number,
      to: string,
      options?: { suggest?: boolean; molecularWeight?: number; charge?: number },
    ): UcumConversion;
  }
  const ucum: { UcumLhcUtils: { getInstance(): UcumLhcUtils } };
  export default ucum;
}
