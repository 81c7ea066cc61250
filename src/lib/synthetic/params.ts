// The synthetic model's knobs: national calibration targets (published DfE figures where they
// exist, labelled assumptions where they do not) and each authority's own parameters, drawn
// around them with deliberate relationships between local practice and outcomes.
import type { SyntheticAuthority } from './authorities';
import { Random, clamp } from './random';

/** What the model aims for at national level, with where each figure comes from. */
export const calibration = {
	referralsPerChildPerYear: {
		value: 632_830 / 12_183_016,
		source: 'DfE CIN 2025: 632,830 referrals'
	},
	reReferral12m: { value: 0.226, source: 'DfE CIN 2025' },
	referralNfa: { value: 0.065, source: 'DfE CIN 2025' },
	notInNeedAfterAssessment: { value: 0.308, source: 'DfE CIN 2025' },
	assessmentWithin45wd: { value: 0.857, source: 'DfE CIN 2025 (derived)' },
	s47PerReferral: { value: 0.364, source: 'DfE CIN 2025 (derived)' },
	s47ToIcpc: { value: 0.313, source: 'DfE CIN 2025 (derived)' },
	icpcWithin15wd: { value: 0.814, source: 'DfE CIN 2025 (derived)' },
	icpcToPlan: { value: 0.858, source: 'DfE CIN 2025 (derived)' },
	plansPer10k: { value: 40.6, source: 'DfE CIN 2025: 49,420 at 31 March' },
	repeatPlan: { value: 0.24, source: 'assumption: 23–25% widely reported' },
	socialWorkerFtePerChild: { value: 33_119 / 12_183_016, source: 'DfE workforce 2023' },
	agencyShare: { value: 0.178, source: 'DfE workforce 2023' },
	turnover: { value: 0.159, source: 'DfE workforce 2023' },
	vacancy: { value: 0.189, source: 'DfE workforce 2023' },
	caseload: { value: 16.0, source: 'DfE workforce 2023' },
	strategyPoliceAttendance: { value: 0.78, source: 'assumption: no national figure' },
	strategyHealthAttendance: { value: 0.62, source: 'assumption: no national figure' },
	strategyEducationAttendance: { value: 0.55, source: 'assumption: no national figure' },
	conferenceReportsOnTime: { value: 0.7, source: 'assumption: no national figure' },
	infoResponseMedianWd: { value: 5, source: 'assumption: no national figure' },
	escalationsPer100S47: { value: 4, source: 'assumption: no national figure' },
	escalationResolved20wd: { value: 0.7, source: 'assumption: no national figure' },
	auditsGoodOrBetter: { value: 0.55, source: 'assumption: no national figure' },
	auditsMultiAgency: { value: 0.3, source: 'assumption: no national figure' },
	cpSpecialistShare: { value: 0.35, source: 'assumption: no national figure' },
	experiencedShare3y: { value: 0.62, source: 'assumption: no national figure' },
	reviewsOnTime: { value: 0.9, source: 'assumption: no national figure' },
	visitIntervalWd: { value: 8, source: 'assumption: local standard of 10 working days' }
} as const;

export interface LaParams {
	referralsPerYear: number;
	/** Change in referral volume per year (log scale). */
	drift: number;
	reReferral: number;
	nfa: number;
	notInNeed: number;
	within45: number;
	strategyPerReferral: number;
	s47Initiated: number;
	s47WithoutStrategy: number;
	policeShareOfReferrals: number;
	attend: { police: number; health: number; education: number };
	conferenceAttend: { police: number; health: number; education: number };
	reportsOnTime: number;
	/** Probability that an s47 goes to ICPC, when police attended / did not attend the strategy discussion. */
	icpcIfPolice: number;
	nfaIfPolice: number;
	nfaPenaltyNoPolice: number;
	icpcWithin15: number;
	icpcToPlan: number;
	planLengthScale: number;
	repeatPlan: number;
	reviewOnTime: number;
	visitIntervalWd: number;
	seenAlone: number;
	fte: number;
	agencyShare: number;
	turnover: number;
	uncoveredVacancy: number;
	earlyCareerShare: number;
	specialistShare: number;
	workerChangesPerYear: number;
	unallocatedGap: number;
	infoMedianWd: number;
	escalationsPer100S47: number;
	escalationResolved20: number;
	auditsPerMonth: number;
	auditGood: number;
	auditMulti: number;
	missedStrategyBias: number;
}

const beta = (rng: Random, mean: number, sd: number, lo = 0.02, hi = 0.98) =>
	clamp(rng.normal(mean, sd), lo, hi);

export function drawLaParams(seed: string, la: SyntheticAuthority): LaParams {
	const rng = new Random(`${seed}:params:${la.code}`);
	const c = calibration;
	const d = la.deprivation - 0.4; // centred
	const london = la.regionCode === 'E12000007';

	const police = beta(rng, c.strategyPoliceAttendance.value, 0.12, 0.3, 0.98);
	const health = beta(rng, c.strategyHealthAttendance.value, 0.14, 0.2, 0.97);
	const education = beta(rng, c.strategyEducationAttendance.value, 0.14, 0.15, 0.95);
	const earlyCareerShare = beta(rng, 0.22 + (london ? 0.05 : 0) + 0.1 * d, 0.07, 0.05, 0.5);
	const agencyShare = beta(
		rng,
		c.agencyShare.value + (london ? 0.06 : -0.01) + 0.05 * d,
		0.07,
		0.02,
		0.5
	);
	const specialistShare = beta(rng, c.cpSpecialistShare.value, 0.12, 0.05, 0.8);
	const turnover = beta(rng, c.turnover.value + 0.03 * d, 0.04, 0.05, 0.35);

	return {
		// 1.08 offsets the average of the deprivation and noise terms (checked on the full run).
		referralsPerYear:
			1.08 *
			la.population *
			c.referralsPerChildPerYear.value *
			Math.exp(rng.normal(0, 0.2) + 0.6 * d),
		drift: rng.normal(-0.005, 0.025),
		reReferral: beta(rng, c.reReferral12m.value, 0.04, 0.08, 0.4),
		nfa: clamp(c.referralNfa.value * Math.exp(rng.normal(-0.125, 0.5)), 0.005, 0.3),
		notInNeed: beta(rng, c.notInNeedAfterAssessment.value, 0.07, 0.1, 0.6),
		within45: beta(rng, c.assessmentWithin45wd.value, 0.07, 0.5, 0.99),
		strategyPerReferral: clamp(
			(c.s47PerReferral.value / 0.85) * Math.exp(rng.normal(0, 0.25)),
			0.12,
			0.9
		),
		s47Initiated: beta(rng, 0.85, 0.05, 0.6, 0.97),
		s47WithoutStrategy: clamp(Math.abs(rng.normal(0, 0.03)), 0, 0.12),
		policeShareOfReferrals: beta(rng, 0.287, 0.05, 0.12, 0.45),
		attend: { police, health, education },
		conferenceAttend: {
			police: beta(rng, police - 0.05, 0.06, 0.2, 0.97),
			health: beta(rng, 0.8, 0.08, 0.3, 0.98),
			education: beta(rng, 0.75, 0.1, 0.3, 0.97)
		},
		reportsOnTime: beta(rng, c.conferenceReportsOnTime.value, 0.12, 0.2, 0.97),
		// Poorer police attendance at strategy discussions → more enquiries ending in no further
		// action (the Panel's concern that decisions lack police information).
		icpcIfPolice: beta(rng, c.s47ToIcpc.value * 1.1, 0.04, 0.15, 0.5),
		nfaIfPolice: beta(
			rng,
			0.2 + 0.3 * (c.strategyPoliceAttendance.value - police),
			0.04,
			0.05,
			0.5
		),
		nfaPenaltyNoPolice: 0.12,
		icpcWithin15: beta(rng, c.icpcWithin15wd.value, 0.08, 0.45, 0.98),
		icpcToPlan: beta(rng, c.icpcToPlan.value, 0.05, 0.6, 0.98),
		planLengthScale: Math.exp(rng.normal(-0.2, 0.15)),
		// Less experienced workforces → more children returning to a plan.
		repeatPlan: beta(rng, c.repeatPlan.value + 0.6 * (earlyCareerShare - 0.22), 0.04, 0.05, 0.5),
		reviewOnTime: beta(rng, c.reviewsOnTime.value, 0.06, 0.5, 0.995),
		visitIntervalWd: clamp(rng.normal(c.visitIntervalWd.value, 1.2), 5, 12),
		seenAlone: beta(rng, 0.7, 0.1, 0.3, 0.95),
		fte: la.population * c.socialWorkerFtePerChild.value * Math.exp(rng.normal(0, 0.12) + 0.3 * d),
		agencyShare,
		turnover,
		uncoveredVacancy: beta(rng, 0.03 + 0.04 * d, 0.015, 0.0, 0.12),
		earlyCareerShare,
		specialistShare,
		workerChangesPerYear: clamp(
			0.8 + 2.5 * turnover + 2 * agencyShare + rng.normal(0, 0.2),
			0.2,
			3
		),
		unallocatedGap: beta(rng, 0.05 + 0.2 * agencyShare, 0.03, 0.0, 0.3),
		infoMedianWd: clamp(Math.exp(rng.normal(Math.log(c.infoResponseMedianWd.value), 0.35)), 1, 20),
		escalationsPer100S47: clamp(rng.normal(c.escalationsPer100S47.value, 1.5), 0.3, 12),
		escalationResolved20: beta(rng, c.escalationResolved20wd.value, 0.12, 0.2, 0.98),
		auditsPerMonth: Math.max(2, (la.population / 80_000) * rng.uniform(6, 14)),
		auditGood: beta(
			rng,
			c.auditsGoodOrBetter.value + 0.5 * (specialistShare - 0.35) + 0.3 * (police - 0.78),
			0.1,
			0.1,
			0.95
		),
		auditMulti: beta(rng, c.auditsMultiAgency.value, 0.12, 0.02, 0.8),
		missedStrategyBias: beta(rng, 0.1 + 0.4 * (0.78 - police), 0.05, 0.0, 0.5)
	};
}
