import { describe, expect, it } from 'vitest';
import { personalDataIn } from './personal-data';

describe('the personal-data guard', () => {
	it.each([
		[
			'an NHS number written in groups',
			'Child seen, NHS 943 476 5919, by the paediatrician.',
			'NHS number'
		],
		['an NHS number run together', 'ref 9434765919', 'NHS number'],
		['a unique pupil number', 'Pupil A123456789012 missed school.', 'unique pupil number'],
		['a temporary pupil number', 'UPN H80120000000A on roll.', 'unique pupil number'],
		['a postcode', 'Family moved to SW1A 1AA last month.', 'postcode'],
		['a postcode without its space', 'lives at ls11ab', 'postcode'],
		['a date of birth', 'The youngest (DOB 03/02/2019) is on a plan.', 'date of birth'],
		['being born on a day', 'A baby born on 4 March 2024 was referred.', 'date of birth'],
		[
			'a name with a date in brackets',
			'Jayden Smith (12/03/2015) was reviewed late.',
			'name with a date'
		],
		[
			'a name with a worded date',
			'Amelia Rose Jones, 3rd March 2016, moved away.',
			'name with a date'
		]
	])('refuses %s', (_what, text, named) => {
		const message = personalDataIn(text);
		expect(message).toContain(named);
	});

	it.each([
		'Timeliness fell in March 2025 after the Multi-Agency Child Protection Team went live on 1 April 2024.',
		'Police attendance at strategy discussions rose from 61% to 84% (Q3 2024-25).',
		'The Panel review (May 2022) asks for specialist expertise on the riskiest cases.',
		'Of 1234567890 records, none were late.', // ten digits, not a valid NHS number
		'Section 47 enquiries: 412 in 2024-25, 5% fewer than 2023-24.',
		'Dr Patel will report to the board on 12 June 2025.',
		'Action owner: Head of Service, Children’s Social Care, due 30/06/2025.'
	])('accepts ordinary prose: %s', (text) => {
		expect(personalDataIn(text)).toBeNull();
	});

	it('checks the NHS number’s check digit', () => {
		// 943 476 5919 is valid; change its last digit and it is not.
		expect(personalDataIn('943 476 5919')).not.toBeNull();
		expect(personalDataIn('943 476 5918')).toBeNull();
	});
});
