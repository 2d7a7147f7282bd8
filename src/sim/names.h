// Word lists for synthetic names. Person names are deliberately fictional ("Min Sample").
#pragma once

#include <array>
#include <string_view>

namespace vigil::sim {

// Syllable roots for streets, districts and neighbourhoods.
inline constexpr std::array<std::string_view, 48> kPlaceRoots = {
    "Hanbit",  "Seorim", "Dongmun", "Namgang", "Bukak",    "Eunpa",   "Jungang",  "Haneul",
    "Baekho",  "Cheong", "Dalbit",  "Geumsa",  "Hwarang",  "Ilsan",   "Jinju",    "Kkotmae",
    "Maru",    "Narae",  "Ongdal",  "Pureun",  "Saebyeok", "Taeyang", "Uiryeong", "Wolgok",
    "Yeonhui", "Areum",  "Boram",   "Chorok",  "Doran",    "Eoullim", "Gaon",     "Haeum",
    "Iseul",   "Jaram",  "Kkum",    "Mirae",   "Nuri",     "Ollim",   "Podo",     "Rakwon",
    "Sarang",  "Tteul",  "Useum",   "Yunseul", "Bitna",    "Dasom",   "Garam",    "Hansol"};

inline constexpr std::array<std::string_view, 12> kFakeSurnames = {
    "Sample", "Example", "Placeholder", "Fictive", "Mockley",  "Testa",
    "Dummer", "Synthe",  "Madeup",      "Notreal", "Pretendo", "Imagina"};

inline constexpr std::array<std::string_view, 16> kFakeGivenNames = {
    "Min",  "Jae",   "Soo", "Hana",   "Joon", "Yuna", "Dae", "Seo",
    "Alex", "Robin", "Kim", "Jordan", "Eun",  "Hyun", "Tae", "Ji"};

inline constexpr std::array<std::string_view, 8> kVehicleMakes = {
    "Hyundai", "Kia", "Genesis", "SsangYong", "Chevrolet", "Renault", "Toyota", "BMW"};
inline constexpr std::array<std::string_view, 8> kVehicleModels = {
    "Sonata", "K5", "G80", "Tivoli", "Spark", "QM6", "Camry", "520d"};  // by make index
inline constexpr std::array<std::string_view, 7> kVehicleColors = {
    "white", "black", "grey", "silver", "blue", "red", "beige"};

}  // namespace vigil::sim
