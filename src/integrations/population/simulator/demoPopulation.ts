import { demoIdentities } from "../../vneid/simulator/demoIdentities.ts";
import type { CitizenRecord, HouseholdMember, PopulationAddress } from "../populationDatabase.ts";

/**
 * The people the simulated population database knows (development and tests only; all data invented): every person
 * the simulated VNeID knows (so a citizen who signs in finds their own record), with addresses in the demo province
 * and households — Nguyễn Văn An and Lê Thị Hoa are married, Đặng Thị Mai's household has her husband and a child.
 */
const province = "Tỉnh Demo";
const at = (commune: string, street: string): PopulationAddress => ({ province, commune, street });

const member = (
  idNumber: string,
  fullName: string,
  birthDate: string,
  sex: "male" | "female",
  relation: string,
): HouseholdMember => ({ idNumber, fullName, birthDate, sex, relation });

const anHousehold = [
  member("099090001234", "Nguyễn Văn An", "1990-05-12", "male", "Chủ hộ"),
  member("099195004321", "Lê Thị Hoa", "1995-08-20", "female", "Vợ"),
];
const maiHousehold = [
  member("099094006666", "Hoàng Văn Nam", "1994-09-02", "male", "Chủ hộ"),
  member("099196005555", "Đặng Thị Mai", "1996-04-18", "female", "Vợ"),
  member("099221007788", "Hoàng Minh Khang", "2021-06-30", "male", "Con"),
];

/** Where each person lives (permanent, then current when it differs) and their household. */
const registry: Record<
  string,
  { permanent: PopulationAddress; current?: PopulationAddress; household: HouseholdMember[] }
> = {
  "099090001234": {
    permanent: at("Phường Trung Tâm", "Số 12 đường Độc Lập, tổ dân phố 3"),
    household: anHousehold,
  },
  "099195004321": {
    permanent: at("Phường Trung Tâm", "Số 12 đường Độc Lập, tổ dân phố 3"),
    household: anHousehold,
  },
  "099088007777": {
    permanent: at("Xã Tân Phú", "Thôn Phú Lợi"),
    current: at("Phường Đông Hải", "Số 7 đường Ven Biển"),
    household: [member("099088007777", "Phạm Minh Tuấn", "1988-01-30", "male", "Chủ hộ")],
  },
  "099185002222": {
    permanent: at("Phường Đông Hải", "Số 30 đường Ven Biển"),
    household: [member("099185002222", "Trần Thị Bình", "1985-11-02", "female", "Chủ hộ")],
  },
  "099092003333": {
    permanent: at("Xã Hòa Bình", "Thôn Bình An"),
    household: [member("099092003333", "Võ Quốc Huy", "1992-03-15", "male", "Chủ hộ")],
  },
  "099196005555": {
    permanent: at("Phường Trung Tâm", "Số 45 đường Hòa Bình, tổ dân phố 5"),
    household: maiHousehold,
  },
};

/** The records the simulator starts with: the VNeID people, then the other household members. */
export function demoPopulation(): CitizenRecord[] {
  const records = new Map<string, CitizenRecord>();
  for (const person of demoIdentities) {
    const entry = registry[person.citizenId];
    if (!entry) continue;
    records.set(person.citizenId, {
      idNumber: person.citizenId,
      fullName: person.name,
      birthDate: person.birthdate,
      sex: person.gender,
      permanentAddress: entry.permanent,
      currentAddress: entry.current ?? entry.permanent,
      household: entry.household,
    });
  }
  for (const entry of Object.values(registry))
    for (const relative of entry.household)
      if (!records.has(relative.idNumber))
        records.set(relative.idNumber, {
          idNumber: relative.idNumber,
          fullName: relative.fullName,
          birthDate: relative.birthDate,
          sex: relative.sex,
          permanentAddress: entry.permanent,
          currentAddress: entry.current ?? entry.permanent,
          household: entry.household,
        });
  return [...records.values()];
}
