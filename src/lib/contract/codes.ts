// Code lists of the extract format. Where the DfE Children in Need census defines a list, these
// are its codes; the chart groups are the ones the dashboard uses for breakdowns.

/** Referral source (CIN census) → chart group. */
export const referralSources = {
	'1A': 'individual',
	'1B': 'individual',
	'1C': 'individual',
	'1D': 'individual',
	'2A': 'schools',
	'2B': 'education services',
	'3A': 'health',
	'3B': 'health',
	'3C': 'health',
	'3D': 'health',
	'3E': 'health',
	'3F': 'health',
	'4': 'housing',
	'5A': 'LA services',
	'5B': 'LA services',
	'5C': 'LA services',
	'5D': 'LA services',
	'6': 'police',
	'7': 'other legal',
	'8': 'other',
	'9': 'anonymous',
	'10': 'unknown'
} as const;
export type ReferralSource = keyof typeof referralSources;
// Written out: Object.keys would put the integer-like codes ('4', '6' …) first.
export const referralSourceCodes: ReferralSource[] = [
	'1A',
	'1B',
	'1C',
	'1D',
	'2A',
	'2B',
	'3A',
	'3B',
	'3C',
	'3D',
	'3E',
	'3F',
	'4',
	'5A',
	'5B',
	'5C',
	'5D',
	'6',
	'7',
	'8',
	'9',
	'10'
];
/** Source groups in the CIN census's code order. */
export const referralSourceGroups = [
	...new Set(referralSourceCodes.map((c) => referralSources[c]))
];

export const primaryNeeds = ['N0', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8', 'N9'] as const;

export const closeReasons = [
	'RC1',
	'RC2',
	'RC3',
	'RC4',
	'RC5',
	'RC6',
	'RC7',
	'RC8',
	'RC9'
] as const;

/** Category of abuse on a child protection plan. */
export const abuseCategories = {
	NEG: 'Neglect',
	PHY: 'Physical abuse',
	SAB: 'Sexual abuse',
	EMO: 'Emotional abuse',
	MUL: 'Multiple'
} as const;
export const abuseCategoryCodes = Object.keys(abuseCategories) as (keyof typeof abuseCategories)[];

/** Factors identified at assessment (CIN census). */
export const assessmentFactors = [
	'1A',
	'1B',
	'1C',
	'2A',
	'2B',
	'2C',
	'3A',
	'3B',
	'3C',
	'4A',
	'4B',
	'4C',
	'5A',
	'5B',
	'5C',
	'6A',
	'6B',
	'6C',
	'7A',
	'8B',
	'8C',
	'8D',
	'8E',
	'8F',
	'9A',
	'10A',
	'11A',
	'12A',
	'13A',
	'14A',
	'15A',
	'16A',
	'17A',
	'18B',
	'18C',
	'19B',
	'19C',
	'20',
	'21',
	'22A',
	'23A',
	'24A'
] as const;

/** Abuse or exploitation factors: the trigger for the experimental missed-strategy measure. */
export const abuseOrExploitationFactors = [
	'11A',
	'12A',
	'16A',
	'17A',
	'18B',
	'18C',
	'19B',
	'19C',
	'22A',
	'23A',
	'24A'
] as const;

/** Ethnicity (CIN census) → chart group. */
export const ethnicities = {
	WBRI: 'White',
	WIRI: 'White',
	WIRT: 'White',
	WOTH: 'White',
	WROM: 'White',
	MWBC: 'Mixed',
	MWBA: 'Mixed',
	MWAS: 'Mixed',
	MOTH: 'Mixed',
	AIND: 'Asian',
	APKN: 'Asian',
	ABAN: 'Asian',
	AOTH: 'Asian',
	BCRB: 'Black',
	BAFR: 'Black',
	BOTH: 'Black',
	CHNE: 'Other',
	OOTH: 'Other',
	REFU: 'Not known',
	NOBT: 'Not known'
} as const;
export const ethnicityCodes = Object.keys(ethnicities) as (keyof typeof ethnicities)[];

export const sexes = ['M', 'F', 'U'] as const;

export const agencies = [
	'social_care',
	'police',
	'health',
	'education',
	'probation',
	'other'
] as const;
export type Agency = (typeof agencies)[number];

export const attendanceValues = ['attended', 'report_only', 'absent', 'not_invited'] as const;
export const reportValues = ['on_time', 'late', 'none', 'not_requested'] as const;
export const s47Outcomes = ['icpc', 'cin', 'nfa', 'other'] as const;
export const conferenceTypes = ['initial', 'review'] as const;
export const initialOutcomes = ['plan', 'no_plan'] as const;
export const reviewOutcomes = ['continue', 'end'] as const;
export const conferenceOutcomes = [...initialOutcomes, ...reviewOutcomes] as const;
export const escalationOutcomes = ['upheld', 'not_upheld', 'withdrawn'] as const;
export const auditGrades = ['outstanding', 'good', 'requires_improvement', 'inadequate'] as const;

/** Children's social work workforce census roles. */
export const workforceRoles = {
	'1': 'Senior manager',
	'2': 'Middle manager',
	'3': 'First line manager',
	'4': 'Senior practitioner',
	'5': 'Case holder',
	'6': 'Qualified, not holding cases'
} as const;

/** Age bands used in breakdowns (age at the event, from the birth month). */
export const ageBands = ['Under 1', '1 to 4', '5 to 9', '10 to 15', '16 and over'] as const;
